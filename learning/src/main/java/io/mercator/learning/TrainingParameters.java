package io.mercator.learning;

/**
 * How {@link ModelTrainer} trains: the data window and the LightGBM settings shared by the pCTR
 * and pCVR boosters.
 *
 * @param windowDays          days of rows before the end of training used (the newest ones)
 * @param validationShare     the last share of the window, by time, held out for early stopping and metrics
 * @param maxRounds           most boosting rounds
 * @param earlyStoppingRounds rounds without a better validation logloss before stopping
 * @param learningRate        shrinkage
 * @param numLeaves           leaves per tree
 * @param maxBin              histogram bins per feature (63 is plenty for these features and faster)
 * @param minDataInLeaf       rows a leaf needs, against overfitting the rare positives
 * @param featureFraction     share of features tried per tree
 * @param baggingFraction     share of rows per tree (with {@code baggingFreq} 1)
 * @param seed                every random draw of LightGBM
 * @param numThreads          training threads; with {@code deterministic=true} results do not depend on timing
 */
public record TrainingParameters(int windowDays, double validationShare, int maxRounds, int earlyStoppingRounds,
                                 double learningRate, int numLeaves, int maxBin, int minDataInLeaf,
                                 double featureFraction, double baggingFraction, int seed, int numThreads) {

    public TrainingParameters {
        if (windowDays < 1) {
            throw new IllegalArgumentException("windowDays must be positive");
        }
        if (!(validationShare > 0 && validationShare < 1)) {
            throw new IllegalArgumentException("validationShare must be in (0,1)");
        }
        if (maxRounds < 1 || earlyStoppingRounds < 1) {
            throw new IllegalArgumentException("rounds must be positive");
        }
    }

    /** 28 days, the last 10% for validation, up to 300 rounds stopping after 20 without progress. */
    public static TrainingParameters defaults() {
        return new TrainingParameters(28, 0.10, 300, 20, 0.1, 31, 63, 50, 0.8, 0.8, 42, 2);
    }

    public TrainingParameters withWindowDays(int days) {
        return new TrainingParameters(days, validationShare, maxRounds, earlyStoppingRounds, learningRate, numLeaves,
                maxBin, minDataInLeaf, featureFraction, baggingFraction, seed, numThreads);
    }

    /** The LightGBM parameter string of a binary booster. */
    String lightGbm() {
        return "objective=binary metric=binary_logloss,auc"
                + " learning_rate=" + learningRate
                + " num_leaves=" + numLeaves
                + " max_bin=" + maxBin
                + " min_data_in_leaf=" + minDataInLeaf
                + " feature_fraction=" + featureFraction
                + " bagging_fraction=" + baggingFraction + " bagging_freq=1"
                + " seed=" + seed
                + " deterministic=true force_row_wise=true"
                + " num_threads=" + numThreads
                + " verbosity=-1";
    }

    /** Dataset construction settings (binning happens there, so max_bin must be given here too). */
    String dataset() {
        return "max_bin=" + maxBin + " seed=" + seed + " deterministic=true num_threads=" + numThreads
                + " verbosity=-1";
    }
}
