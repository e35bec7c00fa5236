package io.mercator.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How the chaos benchmark decides when a backend has recovered, on made-up answers. */
class ChaosRecoveryTest {

    private static final long S = 1_000_000_000L;

    private static final ChaosBenchmark.Fault REDIS = ChaosBenchmark.Fault.inReads("redis", () -> { }, () -> { },
            ChaosBenchmark.REDIS_COMPONENTS);

    /** Ten reads a second from {@code from} to {@code to} s, the first {@code hurt} of each second degraded by hydration. */
    private static List<Traffic.Sample> reads(int from, int to, int hurt, List<Traffic.Sample> into) {
        for (int sec = from; sec < to; sec++) {
            for (int i = 0; i < 10; i++) {
                into.add(new Traffic.Sample(Traffic.Kind.FEED, sec * S + i * S / 10, 20_000_000, 200, true,
                        i < hurt ? "hydration,vector-recall" : i == 9 ? "vector-recall" : "", List.of()));
            }
        }
        return into;
    }

    @Test
    void onlyTheFaultsOwnComponentsCount() {
        List<Traffic.Sample> samples = reads(0, 5, 0, new ArrayList<>());
        assertThat(ChaosBenchmark.troubledFraction(samples, REDIS, 0, 5 * S))
                .as("vector-recall falling back says nothing about Redis").isZero();
        reads(5, 10, 3, samples);
        assertThat(ChaosBenchmark.troubledFraction(samples, REDIS, 5 * S, 10 * S)).isEqualTo(0.3);
    }

    @Test
    void recoveredAtTheEndOfTheLastWindowAboveTheSteadyLevel() {
        List<Traffic.Sample> samples = reads(0, 10, 1, new ArrayList<>()); // steady: 10% fall back anyway
        reads(10, 14, 10, samples);                                         // back at 10 s, all degraded
        reads(14, 15, 2, samples);                                          // 20%: still above 10% + 5 points
        reads(15, 30, 1, samples);                                          // as in steady state
        double normal = ChaosBenchmark.troubledFraction(samples, REDIS, 0, 10 * S);
        assertThat(ChaosBenchmark.recoveredAt(samples, REDIS, 10 * S, 30 * S, normal)).isEqualTo(15 * S);
        assertThat(ChaosBenchmark.recoveredAt(reads(0, 30, 1, new ArrayList<>()), REDIS, 10 * S, 30 * S, normal))
                .as("nothing above the steady level: recovered on its return").isEqualTo(10 * S);
    }

    @Test
    void aCallFaultCountsEveryAnswerThatIsNotAValid2xx() {
        ChaosBenchmark.Fault text = ChaosBenchmark.Fault.inCalls("text", () -> { }, () -> { }, Traffic.Kind.TEXT);
        List<Traffic.Sample> samples = List.of(
                new Traffic.Sample(Traffic.Kind.TEXT, 0, 1, 503, false, "", List.of()),
                new Traffic.Sample(Traffic.Kind.TEXT, S / 2, 1, 200, true, "", List.of()),
                new Traffic.Sample(Traffic.Kind.FEED, S / 2, 1, 500, false, "", List.of()));
        assertThat(ChaosBenchmark.troubledFraction(samples, text, 0, S)).isEqualTo(0.5);
    }
}
