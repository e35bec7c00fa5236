package io.mercator.fraud.supervised;

import io.mercator.fraud.anomaly.IsolationForest;
import io.mercator.fraud.features.FraudFeatures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A fraud model as served: the isolation forest's anomaly score, optionally a LightGBM classifier
 * over the fraud features plus that score, and an isotonic calibrator fitted on moderators'
 * decisions that turns the model's score into a probability of removal. Without a calibrator there
 * is no probability, and so nothing the precision gate may act on.
 *
 * @param version    registry version
 * @param kind       {@code anomaly} (the forest's score is the model's score) or {@code supervised}
 * @param forest     the anomaly model
 * @param classifier the supervised model; null for {@code anomaly}
 * @param calibrator maps the model's score to a probability of fraud; null before any labels
 * @param labels     how many moderator decisions it learnt from (0 for an uncalibrated forest)
 */
public record FraudModel(String version, String kind, IsolationForest forest, FraudClassifier classifier,
                         FraudCalibration calibrator, int labels) implements AutoCloseable {

    public static final String ANOMALY = "anomaly";
    public static final String SUPERVISED = "supervised";
    /** The classifier's inputs: the fraud features, then the forest's score. */
    public static final List<String> CLASSIFIER_FEATURES;

    static {
        List<String> names = new ArrayList<>(FraudFeatures.NAMES);
        names.add("anomaly_score");
        CLASSIFIER_FEATURES = List.copyOf(names);
    }

    public FraudModel {
        if (!kind.equals(ANOMALY) && !kind.equals(SUPERVISED)) {
            throw new IllegalArgumentException("kind must be anomaly or supervised, was " + kind);
        }
        if (kind.equals(SUPERVISED) && (classifier == null || calibrator == null)) {
            throw new IllegalArgumentException("a supervised model needs its classifier and calibrator");
        }
    }

    /**
     * One listing's scores.
     *
     * @param anomaly    the forest's score in (0,1)
     * @param score      the model's own score (anomaly, or the classifier's raw probability)
     * @param probability calibrated probability of fraud; NaN without a calibrator
     */
    public record Scored(double anomaly, double score, double probability) {
        public boolean calibrated() {
            return !Double.isNaN(probability);
        }
    }

    public Scored score(double[] features) {
        return scoreAll(new double[][]{features})[0];
    }

    public Scored[] scoreAll(double[][] features) {
        double[] anomaly = new double[features.length];
        double[][] rows = new double[features.length][];
        for (int i = 0; i < features.length; i++) {
            anomaly[i] = forest.score(features[i]);
            rows[i] = withAnomaly(features[i], anomaly[i]);
        }
        double[] score = classifier == null ? anomaly : classifier.probabilities(rows);
        Scored[] out = new Scored[features.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = new Scored(anomaly[i], score[i], calibrator == null ? Double.NaN : calibrator.apply(score[i]));
        }
        return out;
    }

    static double[] withAnomaly(double[] features, double anomaly) {
        double[] row = Arrays.copyOf(features, features.length + 1);
        row[features.length] = anomaly;
        return row;
    }

    /**
     * Why: for a supervised model, SHAP values in log-odds per {@link #CLASSIFIER_FEATURES} name
     * (LightGBM's TreeSHAP; the last entry is the bias); for the forest, each feature's share of
     * the bits of isolation on the row's path (they sum to 1).
     */
    public Explanation explain(double[] features) {
        if (classifier != null) {
            double[] shap = classifier.contributions(withAnomaly(features, forest.score(features)));
            return new Explanation("shap-log-odds", CLASSIFIER_FEATURES, Arrays.copyOf(shap, CLASSIFIER_FEATURES.size()),
                    shap[CLASSIFIER_FEATURES.size()]);
        }
        return new Explanation("isolation-path-share", FraudFeatures.NAMES, forest.attributions(features), 0);
    }

    /**
     * An explanation of one score.
     *
     * @param method {@code shap-log-odds} or {@code isolation-path-share}
     * @param names  the features, in order
     * @param values one per feature
     * @param bias   the expected value for SHAP; 0 for path shares
     */
    public record Explanation(String method, List<String> names, double[] values, double bias) {

        /** The {@code n} features that moved the score most, largest first, as name to value. */
        public java.util.Map<String, Double> top(int n) {
            Integer[] order = new Integer[values.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(Math.abs(values[b]), Math.abs(values[a])));
            java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
            for (int i = 0; i < Math.min(n, order.length); i++) {
                out.put(names.get(order[i]), Math.round(values[order[i]] * 1e4) / 1e4);
            }
            return out;
        }
    }

    @Override
    public void close() {
        if (classifier != null) {
            classifier.close();
        }
    }
}
