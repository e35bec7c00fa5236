package io.mercator.learning.calibration;

import java.util.Arrays;
import java.util.Objects;

/**
 * Maps a model's raw probability to a calibrated one with isotonic regression: the
 * non-decreasing step function closest (weighted least squares) to the observed outcomes, found
 * by pool-adjacent-violators (PAV).
 *
 * <p><b>Knots.</b> PAV's solution is constant on blocks of adjacent scores. A calibrator keeps one
 * knot per block: the block's weighted mean score and its weighted mean outcome, and interpolates
 * linearly between knots (the "centred" isotonic regression of Oron and Flournoy, 2017). The step
 * function itself would give every score inside a block the same probability, and the ranker
 * would then see ties between listings the model had ordered; between centres the map is strictly
 * increasing, so it keeps the model's order where it has data. Outside the outermost knots the map
 * runs linearly to {@code (0, 0)} and to {@code (1, 1)}: scores are probabilities, and scaling the
 * tails keeps them ordered too.
 *
 * <p><b>No certainties.</b> A block without any positive (often the lowest scores of the rare
 * order model) has mean 0, and one without negatives mean 1; a calibrated 0 or 1 would be a
 * certainty that a finite sample cannot show, and would tie every listing in that block. Such a
 * knot is moved to half an observation, {@code 0.5 / totalWeight} from the edge (or halfway to
 * its neighbour, whichever is nearer), so the map stays strictly inside (0, 1).
 *
 * <p>Immutable; a record of its knots, so it is saved and loaded as JSON with the model files.
 *
 * @param scores knot positions, raw probabilities, strictly increasing, in [0, 1]
 * @param values calibrated probabilities at the knots, strictly increasing, in (0, 1)
 */
public record IsotonicCalibrator(double[] scores, double[] values) {

    public IsotonicCalibrator {
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(values, "values");
        if (scores.length == 0 || scores.length != values.length) {
            throw new IllegalArgumentException("need the same positive number of scores and values, got "
                    + scores.length + " and " + values.length);
        }
        for (int i = 0; i < scores.length; i++) {
            if (!(scores[i] >= 0 && scores[i] <= 1 && values[i] > 0 && values[i] < 1)) {
                throw new IllegalArgumentException("knot " + i + " (" + scores[i] + ", " + values[i]
                        + ") is outside [0,1] x (0,1)");
            }
            if (i > 0 && !(scores[i] > scores[i - 1] && values[i] > values[i - 1])) {
                throw new IllegalArgumentException("knots must increase strictly, knot " + i + " does not");
            }
        }
        scores = scores.clone();
        values = values.clone();
    }

    /** Fits on 0/1 outcomes, each observation weighing one. */
    public static IsotonicCalibrator fit(double[] rawProbabilities, float[] labels) {
        double[] targets = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            targets[i] = labels[i] > 0.5f ? 1 : 0;
        }
        double[] weights = new double[labels.length];
        Arrays.fill(weights, 1);
        return fit(rawProbabilities, targets, weights);
    }

    /**
     * Fits on weighted outcomes.
     *
     * @param rawProbabilities the model's scores, in [0, 1]
     * @param targets          observed outcomes (or their rates), in [0, 1]
     * @param weights          positive weights (a down-sampled negative would weigh 1/rate)
     */
    public static IsotonicCalibrator fit(double[] rawProbabilities, double[] targets, double[] weights) {
        int n = rawProbabilities.length;
        if (n == 0 || targets.length != n || weights.length != n) {
            throw new IllegalArgumentException("need the same positive number of scores, targets and weights");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            if (!(rawProbabilities[i] >= 0 && rawProbabilities[i] <= 1) || !(targets[i] >= 0 && targets[i] <= 1)
                    || !(weights[i] > 0)) {
                throw new IllegalArgumentException("observation " + i + " is out of range");
            }
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(rawProbabilities[a], rawProbabilities[b]));
        // equal scores must get one value: pool them first, so PAV works on distinct scores
        double[] x = new double[n];
        double[] y = new double[n];
        double[] w = new double[n];
        int m = 0;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (m > 0 && x[m - 1] == rawProbabilities[i]) {
                y[m - 1] += targets[i] * weights[i];
                w[m - 1] += weights[i];
            } else {
                x[m] = rawProbabilities[i];
                y[m] = targets[i] * weights[i];
                w[m] = weights[i];
                m++;
            }
        }
        for (int j = 0; j < m; j++) {
            y[j] /= w[j];
        }
        Blocks blocks = Blocks.pav(Arrays.copyOf(x, m), Arrays.copyOf(y, m), Arrays.copyOf(w, m));
        return blocks.toCalibrator();
    }

    /**
     * The PAV fit itself: the non-decreasing sequence closest to {@code targets} in weighted least
     * squares, one value per input, inputs taken in the given order.
     */
    public static double[] pav(double[] targets, double[] weights) {
        double[] x = new double[targets.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        Blocks b = Blocks.pav(x, targets.clone(), weights.clone());
        double[] out = new double[targets.length];
        for (int k = 0, i = 0; k < b.count; k++) {
            for (int j = 0; j < b.size[k]; j++) {
                out[i++] = b.value[k];
            }
        }
        return out;
    }

    /** The calibrated probability of one raw probability. */
    public double apply(double raw) {
        double p = Math.min(1, Math.max(0, raw));
        int last = scores.length - 1;
        if (p <= scores[0]) {
            return scores[0] == 0 ? values[0] : Math.max(Double.MIN_NORMAL, values[0] * p / scores[0]);
        }
        if (p >= scores[last]) {
            return scores[last] == 1 ? values[last]
                    : Math.min(Math.nextDown(1.0), 1 - (1 - values[last]) * (1 - p) / (1 - scores[last]));
        }
        int i = Arrays.binarySearch(scores, p);
        if (i >= 0) {
            return values[i];
        }
        int hi = -i - 1; // scores[hi - 1] < p < scores[hi]
        double t = (p - scores[hi - 1]) / (scores[hi] - scores[hi - 1]);
        return values[hi - 1] + t * (values[hi] - values[hi - 1]);
    }

    /** Calibrates every value of {@code raw}; returns a new array. */
    public double[] apply(double[] raw) {
        double[] out = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = apply(raw[i]);
        }
        return out;
    }

    /** Number of knots (PAV blocks). */
    public int knots() {
        return scores.length;
    }

    @Override
    public double[] scores() {
        return scores.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IsotonicCalibrator c && Arrays.equals(scores, c.scores) && Arrays.equals(values, c.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(scores) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "IsotonicCalibrator[" + scores.length + " knots]";
    }

    /** PAV's blocks over distinct, increasing x: weighted mean x and value, weight and size of each. */
    private static final class Blocks {
        final double[] meanX;
        final double[] value;
        final double[] weight;
        final int[] size;
        int count;

        private Blocks(int capacity) {
            meanX = new double[capacity];
            value = new double[capacity];
            weight = new double[capacity];
            size = new int[capacity];
        }

        /** One pass with a stack of blocks: a new point merges backwards while it breaks monotonicity. */
        static Blocks pav(double[] x, double[] y, double[] w) {
            Blocks b = new Blocks(x.length);
            for (int i = 0; i < x.length; i++) {
                int k = b.count++;
                b.meanX[k] = x[i];
                b.value[k] = y[i];
                b.weight[k] = w[i];
                b.size[k] = 1;
                // pool while the previous block is not strictly below: equal neighbours become one
                // block, so the knots come out strictly increasing
                while (k > 0 && b.value[k - 1] >= b.value[k]) {
                    double wa = b.weight[k - 1];
                    double wb = b.weight[k];
                    double ww = wa + wb;
                    b.meanX[k - 1] = (b.meanX[k - 1] * wa + b.meanX[k] * wb) / ww;
                    b.value[k - 1] = (b.value[k - 1] * wa + b.value[k] * wb) / ww;
                    b.weight[k - 1] = ww;
                    b.size[k - 1] += b.size[k];
                    b.count--;
                    k--;
                }
            }
            return b;
        }

        IsotonicCalibrator toCalibrator() {
            double total = 0;
            for (int k = 0; k < count; k++) {
                total += weight[k];
            }
            double margin = Math.min(0.25, 0.5 / total);
            double[] xs = Arrays.copyOf(meanX, count);
            double[] ys = Arrays.copyOf(value, count);
            int last = count - 1;
            if (ys[0] <= 0) {
                ys[0] = count > 1 ? Math.min(margin, ys[1] / 2) : margin;
            }
            if (ys[last] >= 1) {
                ys[last] = count > 1 ? Math.max(1 - margin, (1 + ys[last - 1]) / 2) : 1 - margin;
            }
            return new IsotonicCalibrator(xs, ys);
        }
    }
}
