package io.mercator.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyStatsTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @Test
    void slowAnswersAreCountedByTheSecondTheyWereSentIn() {
        LatencyStats stats = new LatencyStats();
        stats.add(3 * MS, 0);
        stats.add(11 * MS, SECOND / 2);       // second 0
        stats.add(10 * MS, 2 * SECOND);       // exactly the threshold: not slow
        stats.add(40 * MS, 2 * SECOND + 1);   // second 2
        stats.add(12 * MS, 2 * SECOND + 5);   // second 2
        assertThat(stats.slowTimeline()).isEqualTo("over 10 ms by second sent: 1 0 2");
        assertThat(stats.count()).isEqualTo(5);
        assertThat(stats.percentileMillis(100)).isEqualTo(40.0);
    }

    @Test
    void aRunWithoutSlowAnswersSaysSo() {
        LatencyStats stats = new LatencyStats();
        stats.add(2 * MS, 0);
        stats.add(50 * MS); // no time of sending: percentiles only
        assertThat(stats.slowTimeline()).isEqualTo("none over 10 ms");
        assertThat(stats.percentileMillis(50)).isEqualTo(2.0);
    }
}
