package io.mercator.learning;

import java.util.List;

/**
 * A trained pair of models that score ranking feature rows: pCTR (click given impression) and
 * pCVR (order given click). One version names the pair.
 */
public interface ClickModels {

    /** Registry version of the pair, reported in every response and impression. */
    String version();

    /** Names of the features, in row order; rows given to the models must follow it. */
    List<String> featureNames();

    /**
     * Scores {@code rows} rows laid out row-major in {@code features} (rows x featureNames().size()).
     * One call per request: batch prediction, never row by row.
     */
    Predictions predict(double[] features, int rows);

    /** SHAP contributions of each feature (plus the bias, last) for one row, for both models. */
    Contributions explain(double[] row);

    /** Per-row probabilities. */
    record Predictions(double[] pctr, double[] pcvr) {
    }

    /** Per-feature contributions; the arrays have featureNames().size() + 1 entries (bias last). */
    record Contributions(double[] pctr, double[] pcvr) {
    }
}
