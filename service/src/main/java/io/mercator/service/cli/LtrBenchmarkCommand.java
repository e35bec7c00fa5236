package io.mercator.service.cli;

import io.mercator.learning.ltr.CrossValidation;
import io.mercator.learning.ltr.LambdaRankParameters;
import io.mercator.learning.ltr.LambdaRankTrainer;
import io.mercator.learning.ltr.LibSvmDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code mercator ltr-benchmark}: LightGBM lambdarank on a public learning-to-rank data set in
 * LibSVM format (a {@code .query} file of group sizes beside each file), with the parameters of
 * LightGBM's own lambdarank example, reporting NDCG@1, 3, 5 and 10 as LightGBM computes them.
 * Either trains on {@code --train} and scores {@code --test}, or cross-validates {@code --train}
 * by query with {@code --cv K}.
 */
@Command(name = "ltr-benchmark", mixinStandardHelpOptions = true,
        description = "LambdaRank NDCG@1/3/5/10 on a LibSVM ranking data set: --train with --test, or --cv K.")
final class LtrBenchmarkCommand implements Callable<Integer> {

    @Option(names = "--train", required = true, description = "training file (LibSVM, with FILE.query beside it)")
    Path train;

    @Option(names = "--test", description = "test file (LibSVM, with FILE.query beside it)")
    Path test;

    @Option(names = "--cv", defaultValue = "0", description = "cross-validate --train in K folds split by query (0: off)")
    int folds;

    @Option(names = "--rounds", defaultValue = "100", description = "boosting rounds (default: ${DEFAULT-VALUE}, LightGBM's example)")
    int rounds;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the fold assignment (default: ${DEFAULT-VALUE})")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if ((test == null) == (folds == 0)) {
            spec.commandLine().getErr().println("mercator ltr-benchmark: give either --test FILE or --cv K (K >= 2)");
            return 2;
        }
        LambdaRankTrainer trainer = new LambdaRankTrainer(LambdaRankParameters.lightGbmExample().withRounds(rounds));
        LibSvmDataset trainData = LibSvmDataset.read(train);
        out.printf(Locale.ROOT, "%s: %,d documents, %,d queries, %d columns; lambdarank, %d rounds, "
                + "LightGBM example parameters%n", train, trainData.rows(), trainData.queries(), trainData.width(), rounds);
        if (test != null) {
            LibSvmDataset testData = LibSvmDataset.read(test);
            int width = Math.max(trainData.width(), testData.width());
            try (LambdaRankTrainer.RankingModel model = trainer.train(trainData.withWidth(width))) {
                double[] ndcg = CrossValidation.evaluate(model, testData.withWidth(width));
                out.printf(Locale.ROOT, "%s: %,d documents, %,d queries%n", test, testData.rows(), testData.queries());
                out.println("NDCG on the test file " + format(ndcg));
            }
        } else {
            CrossValidation.Result r = new CrossValidation(trainer, folds, seed).run(trainData, f -> { });
            for (int f = 0; f < r.folds().length; f++) {
                out.printf(Locale.ROOT, "fold %d: %s%n", f + 1, format(r.folds()[f]));
            }
            out.printf(Locale.ROOT, "mean of %d folds (split by query, seed %d): %s%n", folds, seed, format(r.mean()));
        }
        out.println("(NDCG as LightGBM computes it: gain 2^label-1, log2 discount, a query without relevant "
                + "documents counts 1)");
        return 0;
    }

    private static String format(double[] ndcg) {
        StringBuilder s = new StringBuilder();
        for (int c = 0; c < CrossValidation.CUTOFFS.length; c++) {
            s.append(String.format(Locale.ROOT, "%sNDCG@%d %.4f", c == 0 ? "" : "  ", CrossValidation.CUTOFFS[c], ndcg[c]));
        }
        return s.toString();
    }
}
