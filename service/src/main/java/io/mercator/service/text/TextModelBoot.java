package io.mercator.service.text;

import io.mercator.nlp.model.TextModelStore;
import io.mercator.nlp.model.TextModelTrainer;
import io.mercator.nlp.model.TextModels;
import io.mercator.nlp.model.TrainingCorpora;
import io.mercator.nlp.service.TextEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The text models a process starts with: the data directory's production version, or, at first
 * start, one trained from the public data sets and registered as production. Training is the same
 * for the same data and code, so a process that starts several services (the tests) trains once.
 */
public final class TextModelBoot {

    private static final Logger LOG = LoggerFactory.getLogger(TextModelBoot.class);
    private static final Map<Path, TextModels> TRAINED = new ConcurrentHashMap<>();

    private TextModelBoot() {
    }

    /**
     * @return the models to serve
     * @throws IllegalStateException when there is no registered version and no data to train one;
     *                               {@code engine} is told why first
     */
    public static TextModels loadOrTrain(Path dataDir, Path trainingData, TextEngine engine) {
        TextModelStore store = new TextModelStore(dataDir);
        Optional<TextModels> production;
        try {
            production = store.production();
        } catch (TextModels.IncompatibleFormat stale) {
            // weights for other features than this code computes would score the wrong inputs: train anew
            LOG.atWarn().addKeyValue("reason", stale.getMessage()).log("registered text models not loaded; training new ones");
            production = Optional.empty();
        }
        if (production.isPresent()) {
            LOG.atInfo().addKeyValue("version", production.get().version()).log("text models loaded");
            return production.get();
        }
        TrainingCorpora corpora = new TrainingCorpora(trainingData);
        List<String> missing = corpora.missing();
        if (!missing.isEmpty()) {
            String reason = "no text model is registered in " + store + " and the training data is missing: "
                    + String.join(", ", missing) + " (train with ./mercator train-text once it is there)";
            engine.notLoaded(reason);
            throw new IllegalStateException(reason);
        }
        engine.notLoaded("text models are training (first start)");
        long start = System.nanoTime();
        TextModels trained = TRAINED.computeIfAbsent(trainingData.toAbsolutePath().normalize(),
                p -> new TextModelTrainer(corpora, TextModelTrainer.Parameters.DEFAULT, Clock.systemUTC()).train());
        store.registerAsProduction(trained);
        LOG.atInfo().addKeyValue("version", trained.version()).addKeyValue("seconds", (System.nanoTime() - start) / 1e9)
                .log("text models trained and registered");
        return trained;
    }
}
