package io.mercator.learning.calibration;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class IsotonicCalibratorTest {

    @Test
    void pavPoolsAdjacentViolatorsToTheKnownAnswer() {
        double[] fit = IsotonicCalibrator.pav(new double[]{1, 3, 2, 4, 3.5, 5}, new double[]{1, 1, 1, 1, 1, 1});
        assertThat(fit).containsExactly(new double[]{1, 2.5, 2.5, 3.75, 3.75, 5}, within(1e-12));
        // weights pull the pooled value: (3*1 + 1*2) / 2 blocks of weight 1 and 3... 3 weighs 1, 2 weighs 3
        double[] weighted = IsotonicCalibrator.pav(new double[]{3, 2}, new double[]{1, 3});
        assertThat(weighted).containsExactly(new double[]{2.25, 2.25}, within(1e-12));
        // a decreasing run collapses into one block at its weighted mean
        assertThat(IsotonicCalibrator.pav(new double[]{4, 3, 2, 1}, new double[]{1, 1, 1, 1}))
                .containsExactly(new double[]{2.5, 2.5, 2.5, 2.5}, within(1e-12));
    }

    @Test
    void knotsSitAtBlockCentresAndTheMapInterpolatesBetweenThem() {
        double[] x = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
        double[] y = {0.10, 0.30, 0.20, 0.40, 0.35, 0.50};
        double[] w = {1, 1, 1, 1, 1, 1};
        IsotonicCalibrator c = IsotonicCalibrator.fit(x, y, w);
        // blocks {0.1}, {0.2,0.3} -> 0.25 at 0.25, {0.4,0.5} -> 0.375 at 0.45, {0.6}
        assertThat(c.scores()).containsExactly(new double[]{0.1, 0.25, 0.45, 0.6}, within(1e-12));
        assertThat(c.values()).containsExactly(new double[]{0.1, 0.25, 0.375, 0.5}, within(1e-12));
        assertThat(c.apply(0.25)).isCloseTo(0.25, within(1e-12));
        assertThat(c.apply(0.35)).isCloseTo(0.3125, within(1e-12)); // halfway from 0.25 to 0.375
        // tails run to (0,0) and (1,1)
        assertThat(c.apply(0.05)).isCloseTo(0.05, within(1e-12));
        assertThat(c.apply(0.8)).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void theMapIsStrictlyIncreasingAndInsideTheOpenUnitInterval() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 5_000;
        double[] p = new double[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            p[i] = rng.nextDouble() * 0.3;
            y[i] = rng.nextDouble() < p[i] * p[i] * 3 ? 1 : 0; // overconfident at the bottom, no positives there
        }
        IsotonicCalibrator c = IsotonicCalibrator.fit(p, y);
        double previous = -1;
        for (int i = 0; i <= 1000; i++) {
            double v = c.apply(i / 1000.0);
            assertThat(v).isGreaterThan(previous).isGreaterThan(0).isLessThan(1);
            previous = v;
        }
    }

    @Test
    void equalScoresGetOneValue() {
        IsotonicCalibrator c = IsotonicCalibrator.fit(new double[]{0.2, 0.2, 0.2, 0.2, 0.6, 0.6},
                new float[]{1, 0, 0, 0, 1, 0});
        assertThat(c.scores()).containsExactly(new double[]{0.2, 0.6}, within(1e-12));
        assertThat(c.values()).containsExactly(new double[]{0.25, 0.5}, within(1e-12));
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        IsotonicCalibrator c = IsotonicCalibrator.fit(new double[]{0.1, 0.4, 0.7}, new float[]{0, 1, 1});
        ObjectMapper json = new ObjectMapper();
        IsotonicCalibrator back = json.readValue(json.writeValueAsString(c), IsotonicCalibrator.class);
        assertThat(back).isEqualTo(c);
        assertThat(back.apply(0.33)).isEqualTo(c.apply(0.33));
    }

    @Test
    void refusesKnotsThatAreNotIncreasing() {
        assertThatThrownBy(() -> new IsotonicCalibrator(new double[]{0.2, 0.1}, new double[]{0.1, 0.2}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IsotonicCalibrator(new double[]{0.1, 0.2}, new double[]{0.2, 0.2}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
