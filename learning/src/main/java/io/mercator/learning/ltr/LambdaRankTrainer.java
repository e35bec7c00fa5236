package io.mercator.learning.ltr;

import com.microsoft.ml.lightgbm.PredictionType;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import io.github.metarank.lightgbm4j.LGBMException;

import java.util.function.IntConsumer;

/**
 * Trains a LightGBM lambdarank booster on a {@link LibSvmDataset}, the way
 * {@link io.mercator.learning.ModelTrainer} trains the click models: a dense float matrix handed
 * to lightgbm4j, labels and query groups set as fields ({@code group} holds the documents per
 * query), one {@code updateOneIter} per round. There is no early stopping: the benchmark runs the
 * fixed number of rounds of LightGBM's example, so the held-out figures never chose a model.
 */
public final class LambdaRankTrainer {

    private final LambdaRankParameters parameters;

    public LambdaRankTrainer(LambdaRankParameters parameters) {
        this.parameters = parameters;
    }

    /** Trains on {@code data}; the caller closes the model. */
    public RankingModel train(LibSvmDataset data) {
        return train(data, round -> {
        });
    }

    /** Trains on {@code data}, calling {@code onRound} after each round (1-based). */
    public RankingModel train(LibSvmDataset data, IntConsumer onRound) {
        LGBMDataset dataset = null;
        LGBMBooster booster = null;
        try {
            dataset = LGBMDataset.createFromMat(data.features(), data.rows(), data.width(), true,
                    parameters.dataset(), null);
            dataset.setField("label", data.labels());
            dataset.setField("group", data.groups());
            booster = LGBMBooster.create(dataset, parameters.lightGbm());
            int rounds = 0;
            for (int round = 1; round <= parameters.rounds(); round++) {
                boolean finished = booster.updateOneIter();
                rounds = round;
                onRound.accept(round);
                if (finished) {
                    break; // no split improves the objective any more
                }
            }
            String text = booster.saveModelToString(0, rounds, LGBMBooster.FeatureImportanceType.GAIN);
            return new RankingModel(text, data.width());
        } catch (LGBMException e) {
            throw new IllegalStateException("LightGBM lambdarank training failed: " + e.getMessage(), e);
        } finally {
            closeQuietly(booster);
            closeQuietly(dataset);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // native memory is freed or lost either way; nothing to retry
        }
    }

    /** A trained ranker: scores documents, higher ranks first. Not for concurrent use with {@link #close}. */
    public static final class RankingModel implements AutoCloseable {

        private final String text;
        private final int width;
        private final LGBMBooster booster;

        RankingModel(String text, int width) throws LGBMException {
            this.text = text;
            this.width = width;
            this.booster = LGBMBooster.loadModelFromString(text);
        }

        /** The model in LightGBM's text format. */
        public String text() {
            return text;
        }

        /** A score per document of {@code data} (padded to the model's width if narrower). */
        public double[] score(LibSvmDataset data) {
            if (data.width() > width) {
                throw new IllegalArgumentException("data has " + data.width() + " columns, the model takes " + width);
            }
            LibSvmDataset d = data.withWidth(width);
            try {
                return booster.predictForMat(d.features(), d.rows(), width, true, PredictionType.C_API_PREDICT_RAW_SCORE);
            } catch (LGBMException e) {
                throw new IllegalStateException("prediction failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            closeQuietly(booster);
        }
    }
}
