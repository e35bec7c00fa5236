package io.mercator.fraud.supervised;

import io.mercator.fraud.anomaly.IsolationForest;

import java.util.List;

/**
 * Trains the fraud models. The forest learns from every listing, labelled or not; the calibrator
 * and the classifier learn from moderators' decisions.
 *
 * <p>The classifier is cross-fitted: five fold models, each trained without one fifth of the
 * labels, which it scores. The calibrator is fitted on those out-of-fold scores (each labelled
 * listing scored by a model that did not see it), and the served model is the five together (mean
 * margin): a listing nobody labelled is scored the way the calibrator saw labelled ones scored,
 * not with the over-confidence of a model on its own training rows.
 */
public final class FraudTrainer {

    /** Decisions needed before a calibrator (and so the precision gate) is fitted. */
    public static final int MIN_LABELS_TO_CALIBRATE = 30;
    /** Removals and approvals each needed before a classifier is trained. */
    public static final int MIN_EACH_CLASS = 10;
    static final int FOLDS = 5;

    private final long seed;
    private final double labelNoise;

    /**
     * @param seed       seed of the forest, the folds and LightGBM
     * @param labelNoise the moderators' error rate from quality audits (see {@link FraudCalibration})
     */
    public FraudTrainer(long seed, double labelNoise) {
        this.seed = seed;
        this.labelNoise = labelNoise;
    }

    /** The anomaly model over unlabelled feature rows. */
    public IsolationForest forest(double[][] rows) {
        return IsolationForest.fit(rows, IsolationForest.Settings.defaults(seed));
    }

    /** The forest as a model, calibrated on the decisions when there are enough of both kinds. */
    public FraudModel anomalyModel(String version, IsolationForest forest, double[][] labelled, boolean[] removed) {
        FraudCalibration calibrator = null;
        if (calibratable(removed)) {
            double[] scores = new double[labelled.length];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = forest.score(labelled[i]);
            }
            calibrator = FraudCalibration.fit(scores, removed, labelNoise);
        }
        return new FraudModel(version, FraudModel.ANOMALY, forest, null, calibrator, calibrator == null ? 0 : removed.length);
    }

    /** Whether there are enough decisions of each kind for {@link #supervisedModel}. */
    public static boolean canTrainSupervised(boolean[] removed) {
        int positives = count(removed);
        return positives >= MIN_EACH_CLASS && removed.length - positives >= MIN_EACH_CLASS;
    }

    /** A LightGBM classifier on the decisions, its calibrator fitted out of fold. */
    public FraudModel supervisedModel(String version, IsolationForest forest, double[][] labelled, boolean[] removed) {
        if (!canTrainSupervised(removed)) {
            throw new IllegalArgumentException("need " + MIN_EACH_CLASS + " removals and " + MIN_EACH_CLASS
                    + " approvals, have " + count(removed) + " and " + (removed.length - count(removed)));
        }
        double[][] rows = new double[labelled.length][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = FraudModel.withAnomaly(labelled[i], forest.score(labelled[i]));
        }
        FraudClassifier.Settings settings = FraudClassifier.Settings.defaults(seed);
        double[] outOfFold = new double[rows.length];
        List<FraudClassifier> members = new java.util.ArrayList<>();
        for (int fold = 0; fold < FOLDS; fold++) {
            int f = fold;
            List<Integer> train = new java.util.ArrayList<>();
            List<Integer> held = new java.util.ArrayList<>();
            for (int i = 0; i < rows.length; i++) {
                (foldOf(i) == f ? held : train).add(i);
            }
            boolean[] trainLabels = pick(removed, train);
            if (held.isEmpty() || count(trainLabels) == 0 || count(trainLabels) == trainLabels.length) {
                continue;
            }
            FraudClassifier c = FraudClassifier.train(FraudModel.CLASSIFIER_FEATURES, pick(rows, train), trainLabels, settings);
            members.add(c);
            double[] p = c.probabilities(pick(rows, held));
            for (int k = 0; k < held.size(); k++) {
                outOfFold[held.get(k)] = p[k];
            }
        }
        FraudCalibration calibrator = FraudCalibration.fit(outOfFold, removed, labelNoise);
        return new FraudModel(version, FraudModel.SUPERVISED, forest, FraudClassifier.ensemble(members), calibrator,
                removed.length);
    }

    /** Folds by a seeded hash of the position, so they are the same on every run. */
    private int foldOf(int i) {
        long z = (i + 1L) * 0x9E3779B97F4A7C15L + seed;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z ^= z >>> 27;
        return (int) Long.remainderUnsigned(z, FOLDS);
    }

    static boolean calibratable(boolean[] removed) {
        int positives = count(removed);
        return removed.length >= MIN_LABELS_TO_CALIBRATE && positives > 0 && positives < removed.length;
    }

    private static int count(boolean[] b) {
        int n = 0;
        for (boolean v : b) {
            n += v ? 1 : 0;
        }
        return n;
    }

    private static double[][] pick(double[][] rows, List<Integer> at) {
        return at.stream().map(i -> rows[i]).toArray(double[][]::new);
    }

    private static boolean[] pick(boolean[] labels, List<Integer> at) {
        boolean[] out = new boolean[at.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = labels[at.get(k)];
        }
        return out;
    }
}
