package io.mercator.learning.ltr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * K-fold cross-validation of {@link LambdaRankTrainer} split by query: a query's documents are
 * all in one fold, so no query is both trained and judged on. Queries are shuffled with a seed
 * and dealt to folds in turn (fold sizes differ by at most one query); each fold is scored by a
 * model trained on the others, and the figures are {@link Ndcg} means over the fold's queries.
 */
public final class CrossValidation {

    /** The cut-offs reported. */
    public static final int[] CUTOFFS = {1, 3, 5, 10};

    /**
     * @param folds NDCG per fold, {@code folds[f][c]} at {@link #CUTOFFS}{@code [c]}
     * @param mean  the mean over folds at each cut-off
     */
    public record Result(double[][] folds, double[] mean) {
        /** The mean NDCG@k over folds; k must be one of {@link #CUTOFFS}. */
        public double meanAt(int k) {
            for (int c = 0; c < CUTOFFS.length; c++) {
                if (CUTOFFS[c] == k) {
                    return mean[c];
                }
            }
            throw new IllegalArgumentException("NDCG@" + k + " is not computed; cut-offs are " + Arrays.toString(CUTOFFS));
        }
    }

    private final LambdaRankTrainer trainer;
    private final int folds;
    private final long seed;

    public CrossValidation(LambdaRankTrainer trainer, int folds, long seed) {
        if (folds < 2) {
            throw new IllegalArgumentException("cross-validation needs at least 2 folds");
        }
        this.trainer = trainer;
        this.folds = folds;
        this.seed = seed;
    }

    /** Runs every fold; {@code onFold} hears each finished fold's number (1-based). */
    public Result run(LibSvmDataset data, IntConsumer onFold) {
        if (data.queries() < folds) {
            throw new IllegalArgumentException(data.queries() + " queries cannot make " + folds + " folds");
        }
        int[] foldOf = assign(data.queries());
        double[][] perFold = new double[folds][];
        for (int f = 0; f < folds; f++) {
            List<Integer> train = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int q = 0; q < data.queries(); q++) {
                (foldOf[q] == f ? test : train).add(q);
            }
            LibSvmDataset trainData = data.selectQueries(train.stream().mapToInt(Integer::intValue).toArray());
            LibSvmDataset testData = data.selectQueries(test.stream().mapToInt(Integer::intValue).toArray());
            try (LambdaRankTrainer.RankingModel model = trainer.train(trainData)) {
                perFold[f] = evaluate(model, testData);
            }
            onFold.accept(f + 1);
        }
        double[] mean = new double[CUTOFFS.length];
        for (double[] fold : perFold) {
            for (int c = 0; c < CUTOFFS.length; c++) {
                mean[c] += fold[c] / folds;
            }
        }
        return new Result(perFold, mean);
    }

    /** NDCG at each of {@link #CUTOFFS} of {@code model} on {@code test}. */
    public static double[] evaluate(LambdaRankTrainer.RankingModel model, LibSvmDataset test) {
        double[] scores = model.score(test);
        double[] out = new double[CUTOFFS.length];
        for (int c = 0; c < CUTOFFS.length; c++) {
            out[c] = Ndcg.mean(test, scores, CUTOFFS[c]);
        }
        return out;
    }

    /** Fold of each query: a seeded shuffle (Fisher-Yates) dealt round-robin. */
    private int[] assign(int queries) {
        int[] order = new int[queries];
        for (int q = 0; q < queries; q++) {
            order[q] = q;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = queries - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] foldOf = new int[queries];
        for (int i = 0; i < queries; i++) {
            foldOf[order[i]] = i % folds;
        }
        return foldOf;
    }
}
