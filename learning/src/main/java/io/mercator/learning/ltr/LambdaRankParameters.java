package io.mercator.learning.ltr;

/**
 * How {@link LambdaRankTrainer} trains. {@link #lightGbmExample()} takes the values of LightGBM's
 * own {@code examples/lambdarank/train.conf}; the fields it leaves to LightGBM's defaults are
 * given here as those defaults, plus a fixed seed and {@code deterministic=true} so a run repeats.
 *
 * @param rounds              boosting rounds ({@code num_trees})
 * @param learningRate        shrinkage
 * @param numLeaves           leaves per tree
 * @param maxBin              histogram bins per feature
 * @param minDataInLeaf       documents a leaf needs
 * @param minSumHessianInLeaf hessian a leaf needs
 * @param featureFraction     share of features tried per tree
 * @param baggingFraction     share of documents per tree (with bagging every round)
 * @param seed                every random draw of LightGBM
 * @param numThreads          training threads
 */
public record LambdaRankParameters(int rounds, double learningRate, int numLeaves, int maxBin, int minDataInLeaf,
                                   double minSumHessianInLeaf, double featureFraction, double baggingFraction,
                                   int seed, int numThreads) {

    public LambdaRankParameters {
        if (rounds < 1 || numLeaves < 2 || maxBin < 2 || numThreads < 1) {
            throw new IllegalArgumentException("rounds, leaves, bins and threads must be positive (leaves and bins >= 2)");
        }
    }

    /**
     * LightGBM's example: 100 trees, learning rate 0.1, 31 leaves, 255 bins, 50 documents and
     * hessian 5 a leaf, all features, 90% bagging every round.
     */
    public static LambdaRankParameters lightGbmExample() {
        return new LambdaRankParameters(100, 0.1, 31, 255, 50, 5.0, 1.0, 0.9, 42, 2);
    }

    public LambdaRankParameters withRounds(int n) {
        return new LambdaRankParameters(n, learningRate, numLeaves, maxBin, minDataInLeaf, minSumHessianInLeaf,
                featureFraction, baggingFraction, seed, numThreads);
    }

    /** The booster's LightGBM parameter string. */
    String lightGbm() {
        return "objective=lambdarank metric=ndcg eval_at=1,3,5"
                + " learning_rate=" + learningRate
                + " num_leaves=" + numLeaves
                + " max_bin=" + maxBin
                + " min_data_in_leaf=" + minDataInLeaf
                + " min_sum_hessian_in_leaf=" + minSumHessianInLeaf
                + " feature_fraction=" + featureFraction
                + " bagging_fraction=" + baggingFraction + " bagging_freq=1"
                + " seed=" + seed
                + " deterministic=true force_row_wise=true"
                + " num_threads=" + numThreads
                + " verbosity=-1";
    }

    /** Dataset construction settings (binning happens there). */
    String dataset() {
        return "max_bin=" + maxBin + " min_data_in_leaf=" + minDataInLeaf + " seed=" + seed
                + " deterministic=true num_threads=" + numThreads + " verbosity=-1";
    }
}
