package io.mercator.fraud.supervised;

import com.microsoft.ml.lightgbm.PredictionType;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import io.github.metarank.lightgbm4j.LGBMException;

import java.util.List;

/**
 * A LightGBM binary model of "a moderator removes this listing as fraud", trained on moderators'
 * decisions. Small on purpose (seven leaves, at least five examples a leaf, L2 shrinkage): it learns
 * from hundreds of labels, not millions. It may be an ensemble of such boosters (the cross-fitted
 * fold models): its margin is then the mean of theirs, and its probability the sigmoid of that.
 * Its raw probability is calibrated elsewhere ({@link FraudCalibration}); {@link #contributions}
 * are exact SHAP values (LightGBM's TreeSHAP, averaged over the members like the margin) in log-odds.
 *
 * <p>Thread-safe for prediction (guarded); close it when done.
 */
public final class FraudClassifier implements AutoCloseable {

    /**
     * Training settings.
     *
     * @param rounds boosting rounds
     * @param seed   seed of LightGBM's sampling
     */
    public record Settings(int rounds, long seed) {
        public Settings {
            if (rounds < 1) {
                throw new IllegalArgumentException("rounds must be positive, was " + rounds);
            }
        }

        public static Settings defaults(long seed) {
            return new Settings(120, seed);
        }

        String lightGbm() {
            return "objective=binary num_leaves=7 min_data_in_leaf=5 min_sum_hessian_in_leaf=0.5 learning_rate=0.08"
                    + " lambda_l2=1.0 feature_fraction=0.9 bagging_fraction=0.9 bagging_freq=1 num_threads=1"
                    + " deterministic=true force_row_wise=true verbosity=-1 seed=" + seed;
        }
    }

    private static final String PREDICT = "num_threads=1";

    private final List<String> featureNames;
    private final List<String> modelTexts;
    private final List<LGBMBooster> boosters;

    private FraudClassifier(List<String> featureNames, List<String> modelTexts, List<LGBMBooster> boosters) {
        this.featureNames = List.copyOf(featureNames);
        this.modelTexts = List.copyOf(modelTexts);
        this.boosters = List.copyOf(boosters);
    }

    /** One model whose margin is the mean of the members' (the members are taken over: close only the ensemble). */
    public static FraudClassifier ensemble(List<FraudClassifier> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs members");
        }
        List<String> texts = new java.util.ArrayList<>();
        List<LGBMBooster> all = new java.util.ArrayList<>();
        for (FraudClassifier m : members) {
            if (!m.featureNames.equals(members.getFirst().featureNames)) {
                throw new IllegalArgumentException("members read different features");
            }
            texts.addAll(m.modelTexts);
            all.addAll(m.boosters);
        }
        return new FraudClassifier(members.getFirst().featureNames, texts, all);
    }

    /**
     * Trains on labelled rows.
     *
     * @param rows   one feature vector per example, all {@code featureNames.size()} wide
     * @param labels true where the moderator removed the listing
     * @throws IllegalArgumentException without both a removal and an approval among the labels
     */
    public static FraudClassifier train(List<String> featureNames, double[][] rows, boolean[] labels, Settings settings) {
        int width = featureNames.size();
        if (rows.length != labels.length || rows.length == 0) {
            throw new IllegalArgumentException("need as many labels as rows, and some rows: " + rows.length + " rows, "
                    + labels.length + " labels");
        }
        int positives = 0;
        for (boolean l : labels) {
            positives += l ? 1 : 0;
        }
        if (positives == 0 || positives == labels.length) {
            throw new IllegalArgumentException("need both removals and approvals to learn from, got " + positives
                    + " removals of " + labels.length);
        }
        double[] flat = flatten(rows, width);
        float[] y = new float[labels.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels[i] ? 1f : 0f;
        }
        LGBMDataset data = null;
        LGBMBooster b = null;
        try {
            data = LGBMDataset.createFromMat(flat, rows.length, width, true, "min_data_in_bin=1 max_bin=63", null);
            data.setField("label", y);
            data.setFeatureNames(featureNames.toArray(String[]::new));
            b = LGBMBooster.create(data, settings.lightGbm());
            for (int r = 0; r < settings.rounds(); r++) {
                if (b.updateOneIter()) {
                    break;
                }
            }
            String text = b.saveModelToString(0, 0, LGBMBooster.FeatureImportanceType.GAIN);
            return new FraudClassifier(featureNames, List.of(text), List.of(LGBMBooster.loadModelFromString(text)));
        } catch (LGBMException e) {
            throw new IllegalStateException("LightGBM training failed: " + e.getMessage(), e);
        } finally {
            close(b);
            close(data);
        }
    }

    /** Loads a model saved with {@link #modelTexts}. */
    public static FraudClassifier load(List<String> featureNames, List<String> modelTexts) {
        List<LGBMBooster> loaded = new java.util.ArrayList<>();
        try {
            for (String text : modelTexts) {
                loaded.add(LGBMBooster.loadModelFromString(text));
            }
            return new FraudClassifier(featureNames, modelTexts, loaded);
        } catch (LGBMException e) {
            loaded.forEach(FraudClassifier::close);
            throw new IllegalArgumentException("not a LightGBM model: " + e.getMessage(), e);
        }
    }

    /** Uncalibrated probabilities of removal, one per row: the sigmoid of the members' mean margin. */
    public synchronized double[] probabilities(double[][] rows) {
        if (rows.length == 0) {
            return new double[0];
        }
        double[] flat = flatten(rows, featureNames.size());
        double[] margin = new double[rows.length];
        try {
            for (LGBMBooster b : boosters) {
                double[] m = b.predictForMat(flat, rows.length, featureNames.size(), true,
                        PredictionType.C_API_PREDICT_RAW_SCORE, PREDICT);
                for (int i = 0; i < margin.length; i++) {
                    margin[i] += m[i] / boosters.size();
                }
            }
        } catch (LGBMException e) {
            throw new IllegalStateException("prediction failed: " + e.getMessage(), e);
        }
        for (int i = 0; i < margin.length; i++) {
            margin[i] = 1 / (1 + Math.exp(-margin[i]));
        }
        return margin;
    }

    /**
     * SHAP values of one row in log-odds: one per feature, then the expected value (bias); they
     * sum to the model's margin.
     */
    public synchronized double[] contributions(double[] row) {
        double[] out = new double[featureNames.size() + 1];
        try {
            for (LGBMBooster b : boosters) {
                double[] c = b.predictForMat(row, 1, featureNames.size(), true, PredictionType.C_API_PREDICT_CONTRIB, PREDICT);
                for (int i = 0; i < out.length; i++) {
                    out[i] += c[i] / boosters.size();
                }
            }
        } catch (LGBMException e) {
            throw new IllegalStateException("explanation failed: " + e.getMessage(), e);
        }
        return out;
    }

    public List<String> featureNames() {
        return featureNames;
    }

    /** Each member's LightGBM model text, to save. */
    public List<String> modelTexts() {
        return modelTexts;
    }

    public int members() {
        return boosters.size();
    }

    @Override
    public synchronized void close() {
        boosters.forEach(FraudClassifier::close);
    }

    private static double[] flatten(double[][] rows, int width) {
        double[] flat = new double[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != width) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, expected " + width);
            }
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        return flat;
    }

    private static void close(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // native memory is released by close; a failure here leaves nothing to do
            }
        }
    }
}
