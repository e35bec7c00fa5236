package io.mercator.learning;

import com.microsoft.ml.lightgbm.PredictionType;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMException;
import io.mercator.learning.calibration.Calibrators;

import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A pCTR and a pCVR LightGBM booster serving {@link ClickModels}.
 *
 * <p><b>Calibration.</b> When the pair carries {@link Calibrators}, {@link #predict} returns the
 * boosters' probabilities mapped through them (isotonic, fitted on the validation split), so a
 * pCTR of 0.05 means about one click in twenty; {@link #predictUncalibrated} gives the boosters'
 * own. {@link #explain} stays on the boosters' raw margin: SHAP values add up in log-odds space,
 * and a monotone map of the sum has no per-feature split, so {@code sigmoid(sum)} is the
 * uncalibrated probability.
 *
 * <p>Thread-safe. Predictions of many threads run concurrently (LightGBM's predict takes a
 * shared lock and builds its own predictor per call). {@link #explain} runs alone: computing
 * SHAP contributions re-initialises per-tree state inside the booster that a concurrent normal
 * prediction also touches, and explanations are rare enough to serialise. {@link #close} frees
 * the native boosters once no call is in flight; any call after it fails.
 */
public final class LightGbmClickModels implements ClickModels, AutoCloseable {

    private final String version;
    private final List<String> featureNames;
    private final String pctrModel;
    private final String pcvrModel;
    private final LGBMBooster pctr;
    private final LGBMBooster pcvr;
    private final Calibrators calibrators;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    /**
     * Each prediction on one thread. LightGBM otherwise splits a call's rows over an OpenMP team as
     * wide as the machine; the service already predicts for two requests at once on its two
     * ranking workers, and a team's second thread only waited for a core. 200 rows x 2 boosters on
     * this 2-core machine: with the team, 0.44 ms per pair for one caller and 4,300 pairs/s for two;
     * on one thread each, 0.33 ms and 6,000 pairs/s (README, "Speed"). LightGBM keeps this setting
     * process-wide (LGBM_DEFAULT_NUM_THREADS): a retraining that runs while the service predicts can
     * go on with one thread too, which leaves the other core to requests.
     */
    static final String PREDICT_PARAMETERS = "num_threads=1";

    /**
     * Loads the boosters from LightGBM's text model format.
     *
     * @param version      the registry version
     * @param featureNames names in row order; both models must take exactly these
     * @param pctrModel    the click model's text
     * @param pcvrModel    the order model's text
     */
    public LightGbmClickModels(String version, List<String> featureNames, String pctrModel, String pcvrModel) {
        this(version, featureNames, pctrModel, pcvrModel, Calibrators.NONE);
    }

    /**
     * Loads the boosters with calibrators for their probabilities.
     *
     * @param calibrators applied to each booster's probability in {@link #predict}; {@link Calibrators#NONE} for none
     */
    public LightGbmClickModels(String version, List<String> featureNames, String pctrModel, String pcvrModel,
                               Calibrators calibrators) {
        this.version = version;
        this.calibrators = calibrators == null ? Calibrators.NONE : calibrators;
        this.featureNames = List.copyOf(featureNames);
        this.pctrModel = pctrModel;
        this.pcvrModel = pcvrModel;
        LGBMBooster a = null;
        try {
            a = LGBMBooster.loadModelFromString(pctrModel);
            LGBMBooster b = LGBMBooster.loadModelFromString(pcvrModel);
            if (a.getNumFeature() != featureNames.size() || b.getNumFeature() != featureNames.size()) {
                a.close();
                b.close();
                throw new IllegalArgumentException("models take " + a.getNumFeature() + "/" + b.getNumFeature()
                        + " features, names give " + featureNames.size());
            }
            this.pctr = a;
            this.pcvr = b;
        } catch (LGBMException e) {
            closeQuietly(a);
            throw new IllegalArgumentException("cannot load LightGBM model: " + e.getMessage(), e);
        }
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    /** The click model in LightGBM's text format, as saved. */
    public String pctrModelText() {
        return pctrModel;
    }

    /** The order model in LightGBM's text format, as saved. */
    public String pcvrModelText() {
        return pcvrModel;
    }

    /** The calibrators {@link #predict} applies (either may be null). */
    public Calibrators calibrators() {
        return calibrators;
    }

    /** Calibrated probabilities where a calibrator is present, the boosters' own otherwise. */
    @Override
    public Predictions predict(double[] features, int rows) {
        Predictions raw = predictUncalibrated(features, rows);
        double[] pctrOut = calibrators.pctr() == null ? raw.pctr() : calibrators.pctr().apply(raw.pctr());
        double[] pcvrOut = calibrators.pcvr() == null ? raw.pcvr() : calibrators.pcvr().apply(raw.pcvr());
        return new Predictions(pctrOut, pcvrOut);
    }

    /** The boosters' own probabilities, {@code sigmoid} of the margin {@link #explain} decomposes. */
    public Predictions predictUncalibrated(double[] features, int rows) {
        int width = featureNames.size();
        if (features.length != rows * width) {
            throw new IllegalArgumentException("expected " + rows + " x " + width + " values, got " + features.length);
        }
        if (rows == 0) {
            return new Predictions(new double[0], new double[0]);
        }
        lock.readLock().lock();
        try {
            ensureOpen();
            return new Predictions(
                    pctr.predictForMat(features, rows, width, true, PredictionType.C_API_PREDICT_NORMAL, PREDICT_PARAMETERS),
                    pcvr.predictForMat(features, rows, width, true, PredictionType.C_API_PREDICT_NORMAL, PREDICT_PARAMETERS));
        } catch (LGBMException e) {
            throw new IllegalStateException("prediction failed: " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Contributions in log-odds space: for each model the entries sum to the raw margin, so
     * {@code sigmoid(sum)} is the uncalibrated probability ({@link #predictUncalibrated}).
     */
    @Override
    public Contributions explain(double[] row) {
        int width = featureNames.size();
        if (row.length != width) {
            throw new IllegalArgumentException("expected " + width + " values, got " + row.length);
        }
        lock.writeLock().lock();
        try {
            ensureOpen();
            return new Contributions(
                    pctr.predictForMat(row, 1, width, true, PredictionType.C_API_PREDICT_CONTRIB, PREDICT_PARAMETERS),
                    pcvr.predictForMat(row, 1, width, true, PredictionType.C_API_PREDICT_CONTRIB, PREDICT_PARAMETERS));
        } catch (LGBMException e) {
            throw new IllegalStateException("explanation failed: " + e.getMessage(), e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("models " + version + " are closed");
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                closeQuietly(pctr);
                closeQuietly(pcvr);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // freeing native memory cannot be retried; nothing useful to do with the failure
        }
    }
}
