package io.mercator.learning;

import com.microsoft.ml.lightgbm.PredictionType;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import io.github.metarank.lightgbm4j.LGBMException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.function.IntPredicate;

/**
 * Trains the pCTR booster (clicked or not, over impression rows) and the pCVR booster (ordered or
 * not, over clicked rows) from a {@link TrainingSet}.
 *
 * <p>The rows used are those of the last {@code windowDays} before the end of training; the last
 * {@code validationShare} of that span (by time, never shuffled: the model is used on the
 * future) is the validation split. Each booster grows until its validation log loss has not
 * improved for {@code earlyStoppingRounds} rounds and keeps the best round. With the same rows
 * and parameters the models are the same (fixed seed, {@code deterministic=true}), and so is the
 * version, which is built from the end of the data and a hash of the two models.
 */
public final class ModelTrainer {

    private static final long DAY_MS = 86_400_000L;
    private static final DateTimeFormatter VERSION_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private final TrainingParameters parameters;

    public ModelTrainer(TrainingParameters parameters) {
        this.parameters = parameters;
    }

    public ModelTrainer() {
        this(TrainingParameters.defaults());
    }

    /** Trains on every row up to the newest one (inclusive). */
    public TrainedModels train(TrainingSet set) {
        long end = Long.MIN_VALUE;
        for (int i = 0; i < set.size(); i++) {
            end = Math.max(end, set.ts(i));
        }
        if (set.size() == 0) {
            throw new IllegalArgumentException("no training rows");
        }
        return train(set, end + 1);
    }

    /** Trains on the rows with {@code ts < endMillis} inside the window ending there. */
    public TrainedModels train(TrainingSet set, long endMillis) {
        long began = System.nanoTime();
        long windowStart = endMillis - parameters.windowDays() * DAY_MS;
        long first = Long.MAX_VALUE;
        for (int i = 0; i < set.size(); i++) {
            long t = set.ts(i);
            if (t >= windowStart && t < endMillis) {
                first = Math.min(first, t);
            }
        }
        if (first == Long.MAX_VALUE) {
            throw new IllegalArgumentException("no training rows in the window");
        }
        // the split is on the span the data covers, so a short log still gets ~10% validation
        long validationStart = endMillis - (long) ((endMillis - first) * parameters.validationShare());
        IntPredicate inWindow = i -> set.ts(i) >= windowStart && set.ts(i) < endMillis;

        Fit ctr = fit(set, inWindow, validationStart, set::clicked);
        Fit cvr = fit(set, i -> inWindow.test(i) && set.clicked(i), validationStart, set::ordered);
        String version = "m-" + VERSION_TIME.format(Instant.ofEpochMilli(endMillis)) + "-" + hash8(ctr.model, cvr.model);
        LightGbmClickModels models = new LightGbmClickModels(version, set.featureNames(), ctr.model, cvr.model);
        double seconds = (System.nanoTime() - began) / 1e9;
        TrainingMetadata metadata = new TrainingMetadata(version, Math.max(windowStart, first), endMillis,
                validationStart, ctr.metrics, cvr.metrics, set.featureNames(), parameters, seconds);
        return new TrainedModels(models, metadata);
    }

    private record Fit(String model, ModelMetrics metrics) {
    }

    /** One booster: rows selected by {@code use}, split at {@code validationStart}, labelled by {@code label}. */
    private Fit fit(TrainingSet set, IntPredicate use, long validationStart, IntPredicate label) {
        Matrix train = Matrix.select(set, i -> use.test(i) && set.ts(i) < validationStart, label);
        Matrix valid = Matrix.select(set, i -> use.test(i) && set.ts(i) >= validationStart, label);
        if (train.rows == 0) {
            throw new IllegalArgumentException("no training rows for a model");
        }
        String names = String.join(",", set.featureNames());
        LGBMDataset trainData = null;
        LGBMDataset validData = null;
        LGBMBooster booster = null;
        try {
            trainData = LGBMDataset.createFromMat(train.values, train.rows, set.width(), true,
                    parameters.dataset(), null);
            trainData.setField("label", train.labels);
            trainData.setFeatureNames(set.featureNames().toArray(String[]::new));
            booster = LGBMBooster.create(trainData, parameters.lightGbm());
            boolean validating = valid.rows > 0;
            if (validating) {
                validData = LGBMDataset.createFromMat(valid.values, valid.rows, set.width(), true,
                        parameters.dataset(), trainData);
                validData.setField("label", valid.labels);
                booster.addValidData(validData);
            }
            int best = 0;
            double bestLoss = Double.POSITIVE_INFINITY;
            for (int round = 1; round <= parameters.maxRounds(); round++) {
                boolean finished = booster.updateOneIter();
                if (validating) {
                    double loss = booster.getEval(1)[0]; // metrics in the order given: binary_logloss first
                    if (loss < bestLoss - 1e-12) {
                        bestLoss = loss;
                        best = round;
                    } else if (round - best >= parameters.earlyStoppingRounds()) {
                        break;
                    }
                } else {
                    best = round;
                }
                if (finished) {
                    break; // no split improves the fit any more
                }
            }
            String model = booster.saveModelToString(0, Math.max(1, best), LGBMBooster.FeatureImportanceType.GAIN);
            ModelMetrics metrics = evaluate(model, train, valid, set.width(), Math.max(1, best));
            return new Fit(model, metrics);
        } catch (LGBMException e) {
            throw new IllegalStateException("LightGBM training failed: " + e.getMessage() + " (features " + names + ")", e);
        } finally {
            LightGbmClickModels.closeQuietly(booster);
            LightGbmClickModels.closeQuietly(validData);
            LightGbmClickModels.closeQuietly(trainData);
        }
    }

    private static ModelMetrics evaluate(String model, Matrix train, Matrix valid, int width, int iterations)
            throws LGBMException {
        double auc = Double.NaN;
        double logloss = Double.NaN;
        if (valid.rows > 0) {
            try (LGBMBooster kept = LGBMBooster.loadModelFromString(model)) {
                double[] p = kept.predictForMat(valid.values, valid.rows, width, true,
                        PredictionType.C_API_PREDICT_NORMAL);
                auc = BinaryMetrics.auc(p, valid.labels);
                logloss = BinaryMetrics.logloss(p, valid.labels);
            }
        }
        return new ModelMetrics(train.rows, train.positives, valid.rows, valid.positives, iterations, auc, logloss);
    }

    private static String hash8(String a, String b) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(a.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(b.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    /** Selected rows copied into one row-major float matrix, as LightGBM takes them. */
    private static final class Matrix {
        final float[] values;
        final float[] labels;
        final int rows;
        final int positives;

        private Matrix(float[] values, float[] labels, int rows, int positives) {
            this.values = values;
            this.labels = labels;
            this.rows = rows;
            this.positives = positives;
        }

        static Matrix select(TrainingSet set, IntPredicate use, IntPredicate label) {
            int n = 0;
            for (int i = 0; i < set.size(); i++) {
                if (use.test(i)) {
                    n++;
                }
            }
            int width = set.width();
            float[] values = new float[n * width];
            float[] labels = new float[n];
            int r = 0;
            int positives = 0;
            for (int i = 0; i < set.size(); i++) {
                if (use.test(i)) {
                    set.copyFeatures(i, values, r * width);
                    if (label.test(i)) {
                        labels[r] = 1;
                        positives++;
                    }
                    r++;
                }
            }
            return new Matrix(values, labels, n, positives);
        }
    }
}
