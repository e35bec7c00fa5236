package io.mercator.learning;

import com.microsoft.ml.lightgbm.PredictionType;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import io.github.metarank.lightgbm4j.LGBMException;
import io.mercator.learning.calibration.CalibrationError;
import io.mercator.learning.calibration.CalibrationMetrics;
import io.mercator.learning.calibration.CalibrationReport;
import io.mercator.learning.calibration.Calibrators;
import io.mercator.learning.calibration.IsotonicCalibrator;

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
 *
 * <p>Each booster's probabilities are then calibrated with an {@link IsotonicCalibrator} fitted on
 * its validation split (the rows early stopping looked at; the training rows would flatter the
 * booster). The expected calibration error before and after is measured out of sample: a
 * calibrator fitted on the earlier half of the validation split is judged on the later half (see
 * {@link CalibrationMetrics}). A split with fewer than {@link #MIN_CALIBRATION_ROWS} rows or
 * without both outcomes leaves that model uncalibrated.
 */
public final class ModelTrainer {

    private static final long DAY_MS = 86_400_000L;
    /** Validation rows a model needs to be calibrated; fewer would fit noise. */
    public static final int MIN_CALIBRATION_ROWS = 200;

    /** Follows training as it goes, for progress displays; called on the training thread. */
    public interface Listener {
        /** Nothing to follow. */
        Listener NONE = new Listener() {
        };

        /** A boosting round of {@code model} ("pctr" or "pcvr") is done; at most {@code maxRounds} will run. */
        default void round(String model, int round, int maxRounds) {
        }

        /** {@code model} stopped after {@code rounds} rounds, keeping {@code bestRound}. */
        default void stopped(String model, int rounds, int bestRound) {
        }
    }
    private static final DateTimeFormatter VERSION_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private final TrainingParameters parameters;
    private final double negativeRate;
    private final boolean reweightNegatives;

    public ModelTrainer(TrainingParameters parameters) {
        this(parameters, 1.0, false);
    }

    private ModelTrainer(TrainingParameters parameters, double negativeRate, boolean reweightNegatives) {
        if (!(negativeRate > 0 && negativeRate <= 1)) {
            throw new IllegalArgumentException("negative sampling rate must be in (0, 1]");
        }
        this.parameters = parameters;
        this.negativeRate = negativeRate;
        this.reweightNegatives = reweightNegatives;
    }

    /**
     * A trainer that fits the click model on every click but only a seeded {@code rate} of the
     * unclicked training impressions, which makes boosting that much cheaper on a long log. The
     * validation split is never sampled, so early stopping, metrics and the calibrator see the
     * real click rate. With {@code reweight} each kept negative weighs {@code 1/rate} and the
     * booster's probabilities stay unbiased; without it they come out too high by about
     * {@code 1/rate} in odds, and the isotonic calibrator, fitted on the unsampled validation
     * split, maps them back. The order model (clicked rows only) is never sampled.
     */
    public ModelTrainer withNegativeSampling(double rate, boolean reweight) {
        return new ModelTrainer(parameters, rate, reweight);
    }

    public ModelTrainer() {
        this(TrainingParameters.defaults());
    }

    /** Trains on every row up to the newest one (inclusive). */
    public TrainedModels train(TrainingSet set) {
        return train(set, Listener.NONE);
    }

    /** Trains on every row up to the newest one (inclusive), reporting progress to {@code listener}. */
    public TrainedModels train(TrainingSet set, Listener listener) {
        if (set.size() == 0) {
            throw new IllegalArgumentException("no training rows");
        }
        long end = Long.MIN_VALUE;
        for (int i = 0; i < set.size(); i++) {
            end = Math.max(end, set.ts(i));
        }
        return train(set, end + 1, listener);
    }

    /** Trains on the rows with {@code ts < endMillis} inside the window ending there. */
    public TrainedModels train(TrainingSet set, long endMillis) {
        return train(set, endMillis, Listener.NONE);
    }

    /** As {@link #train(TrainingSet, long)}, reporting progress to {@code listener}. */
    public TrainedModels train(TrainingSet set, long endMillis, Listener listener) {
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

        Fit ctr = fit("pctr", set, inWindow, validationStart, set::clicked, negativeRate, listener);
        Fit cvr = fit("pcvr", set, i -> inWindow.test(i) && set.clicked(i), validationStart, set::ordered, 1.0,
                listener);
        Calibrators calibrators = new Calibrators(ctr.calibrator, cvr.calibrator);
        String version = "m-" + VERSION_TIME.format(Instant.ofEpochMilli(endMillis)) + "-"
                + hash8(ctr.model, cvr.model, calibrators);
        LightGbmClickModels models = new LightGbmClickModels(version, set.featureNames(), ctr.model, cvr.model,
                calibrators);
        double seconds = (System.nanoTime() - began) / 1e9;
        TrainingMetadata metadata = new TrainingMetadata(version, Math.max(windowStart, first), endMillis,
                validationStart, ctr.metrics, cvr.metrics, set.featureNames(), parameters, seconds,
                new CalibrationReport(ctr.calibration, cvr.calibration));
        return new TrainedModels(models, metadata);
    }

    private record Fit(String model, ModelMetrics metrics, IsotonicCalibrator calibrator,
                       CalibrationMetrics calibration) {
    }

    /** One booster: rows selected by {@code use}, split at {@code validationStart}, labelled by {@code label}. */
    private Fit fit(String name, TrainingSet set, IntPredicate use, long validationStart, IntPredicate label,
                    double keepNegatives, Listener listener) {
        Matrix train = Matrix.select(set, i -> use.test(i) && set.ts(i) < validationStart
                && (keepNegatives >= 1 || label.test(i) || sampled(i, keepNegatives)), label);
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
            if (keepNegatives < 1 && reweightNegatives) {
                float[] weights = new float[train.rows];
                for (int r = 0; r < train.rows; r++) {
                    weights[r] = train.labels[r] > 0.5f ? 1f : (float) (1 / keepNegatives);
                }
                trainData.setField("weight", weights);
            }
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
            int rounds = 0;
            double bestLoss = Double.POSITIVE_INFINITY;
            for (int round = 1; round <= parameters.maxRounds(); round++) {
                boolean finished = booster.updateOneIter();
                rounds = round;
                listener.round(name, round, parameters.maxRounds());
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
            listener.stopped(name, rounds, Math.max(1, best));
            String model = booster.saveModelToString(0, Math.max(1, best), LGBMBooster.FeatureImportanceType.GAIN);
            double[] validP = predict(model, valid, set.width());
            ModelMetrics metrics = new ModelMetrics(train.rows, train.positives, valid.rows, valid.positives,
                    Math.max(1, best), valid.rows > 0 ? BinaryMetrics.auc(validP, valid.labels) : Double.NaN,
                    valid.rows > 0 ? BinaryMetrics.logloss(validP, valid.labels) : Double.NaN);
            IsotonicCalibrator calibrator = calibratable(valid.labels, valid.positives)
                    ? IsotonicCalibrator.fit(validP, valid.labels) : null;
            CalibrationMetrics calibration = calibrator == null ? null
                    : measureCalibration(validP, valid, calibrator);
            return new Fit(model, metrics, calibrator, calibration);
        } catch (LGBMException e) {
            throw new IllegalStateException("LightGBM training failed: " + e.getMessage() + " (features " + names + ")", e);
        } finally {
            LightGbmClickModels.closeQuietly(booster);
            LightGbmClickModels.closeQuietly(validData);
            LightGbmClickModels.closeQuietly(trainData);
        }
    }

    /** Whether negative row {@code i} is kept at {@code rate}: a seeded hash, so a run repeats. */
    private boolean sampled(int i, double rate) {
        long z = (i + 1L) * 0x9E3779B97F4A7C15L + parameters.seed();
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53 < rate;
    }

    /** The kept model's probabilities on the validation rows (empty without any). */
    private static double[] predict(String model, Matrix valid, int width) throws LGBMException {
        if (valid.rows == 0) {
            return new double[0];
        }
        try (LGBMBooster kept = LGBMBooster.loadModelFromString(model)) {
            return kept.predictForMat(valid.values, valid.rows, width, true, PredictionType.C_API_PREDICT_NORMAL);
        }
    }

    private static boolean calibratable(float[] labels, int positives) {
        return labels.length >= MIN_CALIBRATION_ROWS && positives > 0 && positives < labels.length;
    }

    /**
     * ECE and log loss on the later half of the validation rows (by time; halves of equal row
     * counts, since traffic is uneven over a day), raw and calibrated by a calibrator fitted on the
     * earlier half; when either half cannot be calibrated on its own,
     * the figures fall back to the shipped calibrator on the whole split (in sample, so the
     * "after" figure flatters it; the row counts say which).
     */
    private static CalibrationMetrics measureCalibration(double[] p, Matrix valid, IsotonicCalibrator shipped) {
        long[] times = valid.ts.clone();
        java.util.Arrays.sort(times);
        long split = times[times.length / 2];
        int early = 0;
        int earlyPositives = 0;
        for (int r = 0; r < valid.rows; r++) {
            if (valid.ts[r] < split) {
                early++;
                earlyPositives += valid.labels[r] > 0.5f ? 1 : 0;
            }
        }
        int late = valid.rows - early;
        int latePositives = valid.positives - earlyPositives;
        double[] fitP = p;
        float[] fitY = valid.labels;
        double[] evalP = p;
        float[] evalY = valid.labels;
        IsotonicCalibrator judged = shipped;
        if (early >= MIN_CALIBRATION_ROWS / 2 && late >= MIN_CALIBRATION_ROWS / 2
                && earlyPositives > 0 && earlyPositives < early && latePositives > 0) {
            fitP = new double[early];
            fitY = new float[early];
            evalP = new double[late];
            evalY = new float[late];
            for (int r = 0, a = 0, b = 0; r < valid.rows; r++) {
                if (valid.ts[r] < split) {
                    fitP[a] = p[r];
                    fitY[a++] = valid.labels[r];
                } else {
                    evalP[b] = p[r];
                    evalY[b++] = valid.labels[r];
                }
            }
            judged = IsotonicCalibrator.fit(fitP, fitY);
        }
        double[] calibrated = judged.apply(evalP);
        return new CalibrationMetrics(CalibrationError.Binning.EQUAL_MASS, CalibrationError.DEFAULT_BINS,
                valid.rows, shipped.knots(), evalP.length,
                CalibrationError.expected(evalP, evalY), CalibrationError.expected(calibrated, evalY),
                BinaryMetrics.logloss(evalP, evalY), BinaryMetrics.logloss(calibrated, evalY));
    }

    private static String hash8(String a, String b, Calibrators calibrators) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(a.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(b.getBytes(StandardCharsets.UTF_8));
            for (IsotonicCalibrator c : new IsotonicCalibrator[]{calibrators.pctr(), calibrators.pcvr()}) {
                sha.update((byte) 0);
                if (c != null) {
                    sha.update(java.util.Arrays.toString(c.scores()).getBytes(StandardCharsets.UTF_8));
                    sha.update(java.util.Arrays.toString(c.values()).getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    /** Selected rows copied into one row-major float matrix, as LightGBM takes them. */
    private static final class Matrix {
        final float[] values;
        final float[] labels;
        final long[] ts;
        final int rows;
        final int positives;

        private Matrix(float[] values, float[] labels, long[] ts, int rows, int positives) {
            this.values = values;
            this.labels = labels;
            this.ts = ts;
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
            long[] ts = new long[n];
            int r = 0;
            int positives = 0;
            for (int i = 0; i < set.size(); i++) {
                if (use.test(i)) {
                    set.copyFeatures(i, values, r * width);
                    ts[r] = set.ts(i);
                    if (label.test(i)) {
                        labels[r] = 1;
                        positives++;
                    }
                    r++;
                }
            }
            return new Matrix(values, labels, ts, n, positives);
        }
    }
}
