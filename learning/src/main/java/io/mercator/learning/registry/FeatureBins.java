package io.mercator.learning.registry;

import io.mercator.learning.TrainingSet;
import org.apache.commons.statistics.descriptive.Quantile;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training distribution of every feature, fixed when the model is trained and stored on its
 * card, so drift is always measured against what the model learnt from.
 *
 * <p>Bins: the training values' deciles are the upper edges (duplicates merged, so a yes/no
 * feature has two or three bins, not ten); a value goes to the first bin whose edge is at least
 * the value, or to the open last bin above every edge. Missing values (NaN) have a bin of their
 * own: a feature that stops being filled is drift too.
 *
 * <p><b>PSI</b> (population stability index) of a feature, over its bins including the missing
 * one: {@code sum((a - e) * ln(a / e))}, where {@code e} and {@code a} are the training (expected)
 * and serving (actual) shares of the bin, each floored at {@value #SHARE_FLOOR} so an empty bin
 * gives a large but finite term. Read as: below 0.1 stable, 0.1 to 0.2 moderate, above 0.2 a
 * shift worth retraining for.
 *
 * <p><b>Kolmogorov-Smirnov</b>, the second view of drift: the largest gap between the training and
 * serving cumulative distributions of a feature's present values ({@link Drift#statistic()}, 0 to 1),
 * and the two-sample test's p-value (Apache Commons Math). Bins blur a shift inside a decile; KS does
 * not, but it is blind to missing values, which PSI counts. The training rows are not kept: the card
 * stores a sketch of {@value #REFERENCE_POINTS} quantiles and how many values it summarises, so the
 * statistic is exact to within about {@code 1/}{@value #REFERENCE_POINTS}, and the p-value is the
 * two-sample distribution's for the real sizes of both samples. Cards written before the sketch
 * existed have none: no KS for them.
 *
 * @param features one histogram per feature, in the model's row order
 */
public record FeatureBins(List<Histogram> features) {

    public static final int QUANTILES = 10;
    /** Apache Commons Statistics' quantiles, on the sorted values (no copy). */
    private static final Quantile DECILES = Quantile.withDefaults().with(Quantile.EstimationMethod.HF1)
            .withCopy(false);
    private static final double[] DECILE_PROBABILITIES = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
    public static final double SHARE_FLOOR = 1e-4;
    /** Quantiles of the training values kept for the KS test. */
    public static final int REFERENCE_POINTS = 256;
    private static final double[] REFERENCE_PROBABILITIES = referenceProbabilities();
    /** The two-sample KS statistic and its p-value for given sample sizes. */
    private static final KolmogorovSmirnovTest KS = new KolmogorovSmirnovTest();

    /**
     * One feature's KS result.
     *
     * @param statistic largest gap between the two cumulative distributions, 0 to 1
     * @param pValue    probability of a gap at least that large were both samples from one distribution
     */
    public record Drift(double statistic, double pValue) {
    }
    /** Training rows read to place the edges: evenly spaced, so the cost stays flat on big sets. */
    static final int MAX_SAMPLE = 200_000;

    public FeatureBins {
        features = List.copyOf(features);
    }

    /**
     * One feature's bins.
     *
     * @param name     feature name
     * @param edges    upper edges of the bins, ascending; the last bin is open above
     * @param expected training share of each bin ({@code edges.length + 1} entries)
     * @param missing  training share of missing (NaN) values
     * @param reference      quantiles of the present training values, the KS test's training side;
     *                       null on cards written before it
     * @param referenceCount how many present training values the quantiles summarise
     */
    public record Histogram(String name, double[] edges, double[] expected, double missing, double[] reference,
                            long referenceCount) {

        /** Bins without a KS sketch (as on cards written before it existed). */
        public Histogram(String name, double[] edges, double[] expected, double missing) {
            this(name, edges, expected, missing, null, 0);
        }

        /**
         * KS of the serving values against the training sketch; empty when the card has no sketch,
         * or either side has no present value.
         */
        public java.util.Optional<Drift> ks(double[] servingPresent) {
            if (reference == null || reference.length == 0 || referenceCount < 1 || servingPresent.length == 0) {
                return java.util.Optional.empty();
            }
            double d = KS.kolmogorovSmirnovStatistic(reference, servingPresent);
            int n = (int) Math.min(Integer.MAX_VALUE, referenceCount);
            return java.util.Optional.of(new Drift(d, KS.approximateP(d, n, servingPresent.length)));
        }

        /** The bin of a present value. */
        public int bin(double value) {
            int i = Arrays.binarySearch(edges, value);
            if (i >= 0) {
                // the first of equal edges (they are distinct, but be exact)
                return i;
            }
            return -i - 1;
        }

        /** PSI of serving counts: per-bin counts ({@code edges.length + 1}) and missing values. */
        public double psi(long[] counts, long missingCount) {
            long total = missingCount;
            for (long c : counts) {
                total += c;
            }
            if (total == 0) {
                return 0;
            }
            double psi = term(missing, missingCount / (double) total);
            for (int b = 0; b < counts.length; b++) {
                psi += term(expected[b], counts[b] / (double) total);
            }
            return psi;
        }

        private static double term(double expectedShare, double actualShare) {
            double e = Math.max(expectedShare, SHARE_FLOOR);
            double a = Math.max(actualShare, SHARE_FLOOR);
            return (a - e) * Math.log(a / e);
        }
    }

    /** The bins of the rows with {@code from <= ts < until}: the rows the model is trained on. */
    public static FeatureBins fromTraining(TrainingSet set, long from, long until) {
        int n = 0;
        for (int i = 0; i < set.size(); i++) {
            if (set.ts(i) >= from && set.ts(i) < until) {
                n++;
            }
        }
        int stride = Math.max(1, (n + MAX_SAMPLE - 1) / MAX_SAMPLE);
        List<float[]> columns = new ArrayList<>();
        int width = set.width();
        int sampled = (n + stride - 1) / stride;
        for (int f = 0; f < width; f++) {
            columns.add(new float[sampled]);
        }
        int seen = 0;
        int r = 0;
        float[] row = new float[width];
        for (int i = 0; i < set.size() && r < sampled; i++) {
            if (set.ts(i) < from || set.ts(i) >= until) {
                continue;
            }
            if (seen++ % stride != 0) {
                continue;
            }
            set.copyFeatures(i, row, 0);
            for (int f = 0; f < width; f++) {
                columns.get(f)[r] = row[f];
            }
            r++;
        }
        List<Histogram> out = new ArrayList<>(width);
        for (int f = 0; f < width; f++) {
            out.add(histogram(set.featureNames().get(f), Arrays.copyOf(columns.get(f), r)));
        }
        return new FeatureBins(out);
    }

    /** The bins of one feature's training values. */
    static Histogram histogram(String name, float[] values) {
        double[] present = new double[values.length];
        int p = 0;
        for (float v : values) {
            if (!Float.isNaN(v)) {
                present[p++] = v;
            }
        }
        present = Arrays.copyOf(present, p);
        Arrays.sort(present);
        double[] edges = new double[0];
        if (p > 0) {
            // HF1, the inverse of the empirical distribution: every edge is a training value
            double[] deciles = DECILES.evaluate(present, DECILE_PROBABILITIES);
            double[] q = new double[deciles.length];
            int k = 0;
            for (double edge : deciles) {
                if (k == 0 || edge > q[k - 1]) {
                    q[k++] = edge;
                }
            }
            edges = Arrays.copyOf(q, k);
        }
        double[] reference = p == 0 ? new double[0] : DECILES.evaluate(present, REFERENCE_PROBABILITIES);
        Histogram shape = new Histogram(name, edges, new double[edges.length + 1], 0);
        long[] counts = new long[edges.length + 1];
        for (double v : present) {
            counts[shape.bin(v)]++;
        }
        int total = values.length;
        double[] expected = new double[counts.length];
        for (int b = 0; b < counts.length; b++) {
            expected[b] = total == 0 ? 0 : counts[b] / (double) total;
        }
        return new Histogram(name, edges, expected, total == 0 ? 0 : (total - p) / (double) total, reference, p);
    }

    /** The middle of each of {@link #REFERENCE_POINTS} equal slices of the distribution. */
    private static double[] referenceProbabilities() {
        double[] p = new double[REFERENCE_POINTS];
        for (int i = 0; i < p.length; i++) {
            p[i] = (i + 0.5) / REFERENCE_POINTS;
        }
        return p;
    }

    /**
     * KS of every feature that has a sketch, over serving rows given in this object's feature
     * order (missing values left out); features without one are absent from the answer.
     */
    public Map<String, Drift> ks(List<float[]> rows) {
        Map<String, Drift> out = new LinkedHashMap<>();
        for (int f = 0; f < features.size(); f++) {
            double[] present = new double[rows.size()];
            int n = 0;
            for (float[] row : rows) {
                if (!Float.isNaN(row[f])) {
                    present[n++] = row[f];
                }
            }
            Histogram h = features.get(f);
            h.ks(Arrays.copyOf(present, n)).ifPresent(d -> out.put(h.name(), d));
        }
        return out;
    }

    /**
     * PSI of every feature over serving rows given in this object's feature order.
     *
     * @param rows serving feature rows (NaN where a value was missing)
     * @return feature name to PSI, in row order; empty when there are no rows
     */
    public Map<String, Double> psi(List<float[]> rows) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (rows.isEmpty()) {
            return out;
        }
        for (int f = 0; f < features.size(); f++) {
            Histogram h = features.get(f);
            long[] counts = new long[h.edges().length + 1];
            long missing = 0;
            for (float[] row : rows) {
                float v = row[f];
                if (Float.isNaN(v)) {
                    missing++;
                } else {
                    counts[h.bin(v)]++;
                }
            }
            out.put(h.name(), h.psi(counts, missing));
        }
        return out;
    }

    /** Feature names in row order. */
    public List<String> names() {
        return features.stream().map(Histogram::name).toList();
    }
}
