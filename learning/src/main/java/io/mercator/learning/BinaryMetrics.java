package io.mercator.learning;

import java.util.Arrays;

/** ROC AUC and log loss of probabilities against 0/1 labels, computed here so they describe the kept model exactly. */
final class BinaryMetrics {

    private static final double EPS = 1e-15;

    private BinaryMetrics() {
    }

    /** Mann-Whitney AUC with ties counted half; NaN when a class is missing. */
    static double auc(double[] scores, float[] labels) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSumPositives = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (labels[order[k]] > 0.5f) {
                    rankSumPositives += midRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSumPositives - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    static double logloss(double[] p, float[] labels) {
        if (p.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double q = Math.min(1 - EPS, Math.max(EPS, p[i]));
            sum -= labels[i] > 0.5f ? Math.log(q) : Math.log(1 - q);
        }
        return sum / p.length;
    }
}
