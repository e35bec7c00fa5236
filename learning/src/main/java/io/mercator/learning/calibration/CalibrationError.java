package io.mercator.learning.calibration;

import java.util.Arrays;

/**
 * Expected calibration error (ECE): how far predicted probabilities are from observed rates,
 * averaged over bins of predictions weighted by the rows in each bin,
 * {@code sum_b (n_b / n) * |mean(p in b) - mean(y in b)|}.
 *
 * <p>Click and order probabilities crowd near zero, so equal-width bins would put almost every
 * row into the first bin or two and say little; Mercator reports {@link Binning#EQUAL_MASS} bins
 * (each holds the same number of rows, by rank of the prediction) with {@link #DEFAULT_BINS}
 * bins. Equal-width bins are here for comparison with figures computed that way.
 *
 * <p>ECE has a floor above zero even for a perfectly calibrated model: each bin's observed rate
 * is a sample mean, off by about {@code sqrt(p(1-p)/n_b)}. Compare figures on the same rows.
 */
public final class CalibrationError {

    /** Bins used for the figures Mercator reports and stores. */
    public static final int DEFAULT_BINS = 15;

    /** How predictions are grouped into bins. */
    public enum Binning {
        /** Bin {@code b} holds predictions in {@code [b/B, (b+1)/B)} (the last includes 1). */
        EQUAL_WIDTH,
        /** Predictions sorted; bin {@code b} holds ranks {@code [b n/B, (b+1) n/B)}. */
        EQUAL_MASS
    }

    private CalibrationError() {
    }

    /** ECE with {@link #DEFAULT_BINS} equal-mass bins. */
    public static double expected(double[] probabilities, float[] labels) {
        return expected(probabilities, labels, DEFAULT_BINS, Binning.EQUAL_MASS);
    }

    /**
     * @param probabilities predicted probabilities, in [0, 1]
     * @param labels        observed outcomes, positive when above 0.5
     * @param bins          number of bins, at least 1
     * @param binning       how to form the bins
     * @return the ECE, in [0, 1]; NaN when there are no rows
     */
    public static double expected(double[] probabilities, float[] labels, int bins, Binning binning) {
        int n = probabilities.length;
        if (labels.length != n) {
            throw new IllegalArgumentException(n + " probabilities but " + labels.length + " labels");
        }
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be positive");
        }
        if (n == 0) {
            return Double.NaN;
        }
        double[] sumP = new double[bins];
        double[] sumY = new double[bins];
        int[] count = new int[bins];
        if (binning == Binning.EQUAL_WIDTH) {
            for (int i = 0; i < n; i++) {
                int b = Math.min(bins - 1, Math.max(0, (int) Math.floor(probabilities[i] * bins)));
                add(sumP, sumY, count, b, probabilities[i], labels[i]);
            }
        } else {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(probabilities[a], probabilities[b]));
            for (int r = 0; r < n; r++) {
                int b = (int) ((long) r * bins / n);
                add(sumP, sumY, count, b, probabilities[order[r]], labels[order[r]]);
            }
        }
        double ece = 0;
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                ece += Math.abs(sumP[b] - sumY[b]) / n; // (n_b/n) * |sumP/n_b - sumY/n_b|
            }
        }
        return ece;
    }

    private static void add(double[] sumP, double[] sumY, int[] count, int b, double p, float label) {
        sumP[b] += p;
        sumY[b] += label > 0.5f ? 1 : 0;
        count[b]++;
    }
}
