package io.mercator.fraud.supervised;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FraudCalibrationTest {

    /** 100 decisions at each of five scores, removed at the given rates. */
    private static FraudCalibration fitted(double[] rates, double noise) {
        double[] scores = new double[500];
        boolean[] removed = new boolean[500];
        for (int b = 0; b < 5; b++) {
            for (int i = 0; i < 100; i++) {
                scores[b * 100 + i] = 0.1 + 0.2 * b;
                removed[b * 100 + i] = i < Math.round(rates[b] * 100);
            }
        }
        return FraudCalibration.fit(scores, removed, noise);
    }

    @Test
    void givesEachScoreTheRemovalRateOfItsBlock() {
        FraudCalibration c = fitted(new double[]{0.0, 0.1, 0.3, 0.8, 0.95}, 0);
        assertThat(c.apply(0.1)).isCloseTo(0.0, within(1e-12));
        assertThat(c.apply(0.5)).isCloseTo(0.3, within(1e-12));
        assertThat(c.apply(0.9)).isCloseTo(0.95, within(1e-12));
        // between two blocks: the lower one's rate; above the last: the last's
        assertThat(c.apply(0.85)).isCloseTo(0.8, within(1e-12));
        assertThat(c.apply(1.0)).isCloseTo(0.95, within(1e-12));
        assertThat(c.apply(0.0)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void poolsScoresThatBreakTheOrder() {
        FraudCalibration c = fitted(new double[]{0.0, 0.4, 0.2, 0.8, 0.9}, 0);
        assertThat(c.apply(0.31)).isCloseTo(0.3, within(1e-12));
        assertThat(c.apply(0.51)).isCloseTo(0.3, within(1e-12));
        assertThat(c.blocks()).isEqualTo(4);
    }

    @Test
    void correctsForModeratorsMistakes() {
        // moderators wrong 5% of the time: a block removed at 95% is all fraud, one removed at 5% none
        FraudCalibration c = fitted(new double[]{0.05, 0.05, 0.5, 0.5, 0.95}, 0.05);
        assertThat(c.apply(0.9)).isCloseTo(1.0, within(1e-12));
        assertThat(c.apply(0.5)).isCloseTo(0.5, within(1e-12));
        assertThat(c.apply(0.1)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void poolsBlocksOfFewDecisionsFromTheTopDown() {
        // five scores with 10 decisions each: the top four pool into one of 40, the last joins it
        double[] scores = new double[50];
        boolean[] removed = new boolean[50];
        double[] rates = {0, 0.2, 0.5, 0.9, 1.0};
        for (int b = 0; b < 5; b++) {
            for (int i = 0; i < 10; i++) {
                scores[b * 10 + i] = 0.1 + 0.2 * b;
                removed[b * 10 + i] = i < Math.round(rates[b] * 10);
            }
        }
        FraudCalibration c = FraudCalibration.fit(scores, removed, 0);
        assertThat(c.blocks()).isEqualTo(1);
        assertThat(c.apply(0.9)).isCloseTo(26 / 50.0, within(1e-12));
    }

    @Test
    void refusesANoiseRateThatMakesLabelsMeaningless() {
        assertThatThrownBy(() -> fitted(new double[]{0, 0, 0, 1, 1}, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
