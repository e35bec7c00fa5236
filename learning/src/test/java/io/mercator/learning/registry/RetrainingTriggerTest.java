package io.mercator.learning.registry;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class RetrainingTriggerTest {

    private final RetrainingTrigger trigger = RetrainingTrigger.defaults();

    @Test
    void shouldRetrainOnceAHundredThousandInteractionsArrived() {
        assertThat(trigger.decide(99_999, Map.of(), 0)).isInstanceOf(RetrainingTrigger.Decision.Wait.class);
        assertThat(trigger.decide(100_000, Map.of(), 0))
                .isEqualTo(new RetrainingTrigger.Decision.NewInteractions(100_000, 100_000));
    }

    @Test
    void shouldRetrainWhenAFeatureDriftsPastPsiPointTwo() {
        FeatureBins bins = trainingBins();
        Map<String, Double> stable = bins.psi(rows(2_000, 0.0));
        Map<String, Double> shifted = bins.psi(rows(2_000, 0.4));

        assertThat(trigger.decide(10, stable, 2_000)).isInstanceOf(RetrainingTrigger.Decision.Wait.class);
        RetrainingTrigger.Decision d = trigger.decide(10, shifted, 2_000);
        assertThat(d).isInstanceOf(RetrainingTrigger.Decision.Drift.class);
        assertThat(((RetrainingTrigger.Decision.Drift) d).feature()).isEqualTo("price");
        assertThat(((RetrainingTrigger.Decision.Drift) d).psi()).isGreaterThan(0.2);
    }

    @Test
    void shouldNotJudgeDriftOnTooFewServingRows() {
        FeatureBins bins = trainingBins();
        Map<String, Double> shifted = bins.psi(rows(200, 0.4));

        assertThat(trigger.decide(10, shifted, 200)).isInstanceOf(RetrainingTrigger.Decision.Wait.class);
    }

    @Test
    void shouldTreatPsiOfExactlyTheThresholdAsNoDrift() {
        assertThat(trigger.decide(0, Map.of("price", 0.2), 5_000)).isInstanceOf(RetrainingTrigger.Decision.Wait.class);
        assertThat(trigger.decide(0, Map.of("price", 0.2001), 5_000))
                .isInstanceOf(RetrainingTrigger.Decision.Drift.class);
    }

    private static FeatureBins trainingBins() {
        float[] price = new float[10_000];
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < price.length; i++) {
            price[i] = (float) rng.nextDouble();
        }
        return new FeatureBins(List.of(FeatureBins.histogram("price", price)));
    }

    private static List<float[]> rows(int n, double shift) {
        SplittableRandom rng = new SplittableRandom(2);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new float[]{(float) (rng.nextDouble() + shift)});
        }
        return out;
    }
}
