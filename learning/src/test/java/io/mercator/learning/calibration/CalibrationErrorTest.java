package io.mercator.learning.calibration;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CalibrationErrorTest {

    private static final int N = 200_000;

    /** Outcomes drawn with probability {@code truth(p)} for predictions p spread like click rates. */
    private static float[] outcomes(double[] p, java.util.function.DoubleUnaryOperator truth, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] y = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            y[i] = rng.nextDouble() < truth.applyAsDouble(p[i]) ? 1 : 0;
        }
        return y;
    }

    private static double[] predictions(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] p = new double[N];
        for (int i = 0; i < N; i++) {
            p[i] = Math.pow(rng.nextDouble(), 3) * 0.5; // most near zero, as for clicks
        }
        return p;
    }

    @Test
    void aPerfectlyCalibratedModelScoresNearZero() {
        double[] p = predictions(1);
        float[] y = outcomes(p, q -> q, 2);
        assertThat(CalibrationError.expected(p, y)).isLessThan(0.005);
        assertThat(CalibrationError.expected(p, y, 10, CalibrationError.Binning.EQUAL_WIDTH)).isLessThan(0.005);
    }

    @Test
    void anOverconfidentModelScoresHigh() {
        double[] p = predictions(1);
        float[] y = outcomes(p, q -> q / 3, 2); // predicts three times the real rate
        double ece = CalibrationError.expected(p, y);
        assertThat(ece).isGreaterThan(0.05);
        // the mean gap between prediction and rate is 2/3 of the mean prediction (0.5/4 = 0.125)
        assertThat(ece).isCloseTo(0.125 * 2 / 3, within(0.01));
    }

    @Test
    void equalMassBinsHoldTheSameNumberOfRows() {
        // two bins over four rows: {0.1, 0.2} predicted 0.15 observed 0.5, {0.8, 0.9} predicted 0.85 observed 1
        double ece = CalibrationError.expected(new double[]{0.9, 0.1, 0.8, 0.2}, new float[]{1, 1, 1, 0}, 2,
                CalibrationError.Binning.EQUAL_MASS);
        assertThat(ece).isCloseTo(0.5 * 0.35 + 0.5 * 0.15, within(1e-12));
        double width = CalibrationError.expected(new double[]{0.9, 0.1, 0.8, 0.2}, new float[]{1, 1, 1, 0}, 2,
                CalibrationError.Binning.EQUAL_WIDTH);
        assertThat(width).isCloseTo(ece, within(1e-12)); // here the two binnings coincide
        assertThat(CalibrationError.expected(new double[0], new float[0])).isNaN();
    }

    @Test
    void isotonicCalibrationRepairsAnOverconfidentModelOnFreshRows() {
        double[] fitP = predictions(1);
        float[] fitY = outcomes(fitP, q -> q / 3, 2);
        IsotonicCalibrator c = IsotonicCalibrator.fit(fitP, fitY);
        double[] p = predictions(5);
        float[] y = outcomes(p, q -> q / 3, 6);
        assertThat(CalibrationError.expected(c.apply(p), y)).isLessThan(0.005)
                .isLessThan(CalibrationError.expected(p, y) / 10);
    }
}
