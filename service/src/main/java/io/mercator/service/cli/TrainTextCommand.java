package io.mercator.service.cli;

import io.mercator.nlp.classify.ClassificationReport;
import io.mercator.nlp.model.TextModelCard;
import io.mercator.nlp.model.TextModelStore;
import io.mercator.nlp.model.TextModelTrainer;
import io.mercator.nlp.model.TextModels;
import io.mercator.nlp.model.TrainingCorpora;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code mercator train-text}: trains the text models on the public data sets and the training
 * files written for Mercator, prints each model's figures on its held-out rows, and registers the
 * version as production in the data directory. A running service keeps the version it loaded until
 * it restarts.
 */
@Command(name = "train-text", mixinStandardHelpOptions = true,
        description = "Train the text models, print their held-out figures, register them as production.")
final class TrainTextCommand implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = "data", description = "where the version is registered (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--training-data", defaultValue = "../shared/data",
            description = "the folder holding text/ (default: ${DEFAULT-VALUE})")
    Path trainingData;

    @Override
    public Integer call() {
        TrainingCorpora corpora = new TrainingCorpora(trainingData);
        List<String> missing = corpora.missing();
        if (!missing.isEmpty()) {
            System.err.println("mercator train-text: missing training data: " + String.join(", ", missing));
            return 1;
        }
        long start = System.nanoTime();
        TextModels models = new TextModelTrainer(corpora, TextModelTrainer.Parameters.DEFAULT, Clock.systemUTC()).train();
        System.out.printf(Locale.ROOT, "trained %s in %.1f s%n", models.version(), (System.nanoTime() - start) / 1e9);
        print(models.card());
        TextModelStore store = new TextModelStore(dataDir);
        store.registerAsProduction(models);
        System.out.println("registered as production in " + store + " (a running service loads it when it restarts)");
        return 0;
    }

    static void print(TextModelCard card) {
        for (TextModelCard.DataSource d : card.data()) {
            System.out.printf(Locale.ROOT, "  data %-40s train %6d  held out %5d  sha256 %s%n", d.name(), d.trainRows(),
                    d.heldOutRows(), d.sha256().substring(0, 12));
        }
        System.out.println("  held-out rows (never trained on):");
        for (Map.Entry<String, ClassificationReport> e : new java.util.TreeMap<>(card.heldOut()).entrySet()) {
            ClassificationReport r = e.getValue();
            System.out.printf(Locale.ROOT, "    %-16s n %5d  accuracy %.3f  macro-F1 %.3f%n", e.getKey(), r.n(), r.accuracy(), r.macroF1());
        }
    }
}
