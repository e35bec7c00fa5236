package io.mercator.learning.registry;

import io.mercator.learning.ClickModels;
import io.mercator.learning.ModelTrainer;
import io.mercator.learning.SyntheticRows;
import io.mercator.learning.TrainedModels;
import io.mercator.learning.TrainingParameters;
import io.mercator.learning.TrainingSet;

import java.util.List;

/** Small real LightGBM models and hand-made scorers for the registry tests. */
public final class TestModels {

    public static final long DAY = 86_400_000L;
    /** 2026-01-01T00:00Z. */
    public static final long START = 1_767_225_600_000L;
    static final TrainingParameters FAST = new TrainingParameters(28, 0.1, 10, 5, 0.3, 7, 31, 5, 1.0, 1.0, 7, 1);

    private TestModels() {
    }

    /** Two days of requests, one every 2 minutes. */
    public static TrainingSet twoDays(long seed) {
        return SyntheticRows.clicksFollowRelevance(1_440, START, 120_000, seed);
    }

    /** A trained pair whose version depends on {@code endOffsetMs} (the version names the data's end). */
    public static TrainedModels trained(TrainingSet set, long endOffsetMs) {
        return new ModelTrainer(FAST).train(set, START + endOffsetMs);
    }

    /** Scores rows by {@code sign * feature[0]}: +1 is a perfect ranker on {@link #twoDays}, -1 the worst. */
    public static ClickModels scorer(String version, double sign) {
        return new ClickModels() {
            @Override
            public String version() {
                return version;
            }

            @Override
            public List<String> featureNames() {
                return List.of("relevance", "noise");
            }

            @Override
            public Predictions predict(double[] features, int rows) {
                double[] ctr = new double[rows];
                for (int i = 0; i < rows; i++) {
                    ctr[i] = 0.5 + 0.4 * sign * features[i * 2];
                }
                return new Predictions(ctr, new double[rows]);
            }

            @Override
            public Contributions explain(double[] row) {
                return new Contributions(new double[3], new double[3]);
            }
        };
    }
}
