package io.mercator.ranking;

import io.mercator.learning.ClickModels;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Click models test double: pCTR grows with the price feature (so a test orders listings by
 * pricing them), pCVR is flat; SHAP gives each feature a hundredth of its value. Can be told to
 * throw, as a corrupt model would.
 */
final class ClickModelsDouble implements ClickModels {

    static final String VERSION = "ltr-test-1";

    final AtomicInteger predictCalls = new AtomicInteger();
    volatile int lastRows;
    volatile boolean broken;

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public List<String> featureNames() {
        return FeatureVectorizerDouble.NAMES;
    }

    @Override
    public Predictions predict(double[] features, int rows) {
        predictCalls.incrementAndGet();
        lastRows = rows;
        if (broken) {
            throw new IllegalStateException("model file corrupt");
        }
        int w = featureNames().size();
        double[] ctr = new double[rows];
        double[] cvr = new double[rows];
        for (int i = 0; i < rows; i++) {
            ctr[i] = Math.min(0.9, features[i * w] / 100_000.0);
            cvr[i] = 0.1;
        }
        return new Predictions(ctr, cvr);
    }

    @Override
    public Contributions explain(double[] row) {
        double[] c = new double[row.length + 1];
        for (int i = 0; i < row.length; i++) {
            c[i] = row[i] / 100;
        }
        c[row.length] = -2.5;
        return new Contributions(c, c.clone());
    }
}
