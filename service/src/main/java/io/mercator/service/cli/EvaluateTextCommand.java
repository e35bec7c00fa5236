package io.mercator.service.cli;

import io.mercator.nlp.SafetyPolicy;
import io.mercator.nlp.TextAnalyzer;
import io.mercator.nlp.evaluation.TextEvaluation;
import io.mercator.nlp.model.TextModelStore;
import io.mercator.nlp.model.TextModelTrainer;
import io.mercator.nlp.model.TextModels;
import io.mercator.nlp.model.TrainingCorpora;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code mercator evaluate-text}: the text models' figures on data they never saw: the public sets'
 * held-out rows, and the evaluation sets written for Mercator (each reported whole, and its test
 * half alone, which was never looked at while the rules were written).
 */
@Command(name = "evaluate-text", mixinStandardHelpOptions = true,
        description = "Precision, recall and F1 of the text models on held-out and adversarial sets.")
final class EvaluateTextCommand implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = "data",
            description = "evaluate this data directory's production version (default: ${DEFAULT-VALUE}); trains one when there is none")
    Path dataDir;

    @Option(names = "--training-data", defaultValue = "../shared/data", description = "the folder holding text/ (default: ${DEFAULT-VALUE})")
    Path trainingData;

    @Option(names = "--eval-dir", defaultValue = "nlp/src/test/resources/io/mercator/nlp/eval",
            description = "the evaluation sets (default: ${DEFAULT-VALUE})")
    Path evalDir;

    @Option(names = "--misses", description = "also list what the detectors missed on the development halves (never the test halves)")
    boolean misses;

    @Option(names = "--train", description = "train a fresh version instead of loading the production one (registers nothing)")
    boolean train;

    @Override
    public Integer call() {
        if (!Files.isDirectory(evalDir)) {
            System.err.println("mercator evaluate-text: no evaluation sets at " + evalDir.toAbsolutePath());
            return 1;
        }
        TrainingCorpora corpora = new TrainingCorpora(trainingData);
        if (!corpora.missing().isEmpty()) {
            System.err.println("mercator evaluate-text: the held-out rows come from the training data, missing: "
                    + String.join(", ", corpora.missing()));
            return 1;
        }
        Optional<TextModels> production = Optional.empty();
        if (!train) {
            try {
                production = new TextModelStore(dataDir).production();
            } catch (TextModels.IncompatibleFormat stale) {
                System.out.println(stale.getMessage() + ": training a version of this code's format");
            }
        }
        TextModels models = production.orElseGet(() -> {
            System.out.println("training a version to evaluate (nothing registered in " + dataDir + ", or --train)");
            return new TextModelTrainer(corpora, TextModelTrainer.Parameters.DEFAULT, Clock.systemUTC()).train();
        });
        TextEvaluation.Result result = new TextEvaluation(models, new TextAnalyzer(models, SafetyPolicy.DEFAULT), corpora, evalDir).run();
        System.out.print(TextEvaluation.table(result));
        if (misses) {
            System.out.println("\nmissed on the development halves:");
            result.misses().forEach(m -> System.out.println("  " + m));
        }
        return 0;
    }
}
