package io.mercator.nlp.reply;

import io.mercator.nlp.classify.LinearTextClassifier;
import io.mercator.nlp.model.TextFeatures;
import io.mercator.nlp.model.TextModels;
import io.mercator.nlp.text.MappedText;
import io.mercator.nlp.text.TextNormalizer;

/** What a buyer's message asks about, by the intent model. */
public final class IntentClassifier {

    private final TextModels models;
    private final TextFeatures features;

    public IntentClassifier(TextModels models, TextFeatures features) {
        this.models = models;
        this.features = features;
    }

    /** An intent with the model's probability of it. */
    public record Intent(String intent, double probability) {
    }

    public double[] probabilities(MappedText normalized) {
        return models.intent().probabilities(features.intent(normalized));
    }

    public Intent classify(String message) {
        double[] p = probabilities(TextNormalizer.normalize(message));
        int best = LinearTextClassifier.argMax(p);
        return new Intent(TextModels.INTENTS.get(best), p[best]);
    }
}
