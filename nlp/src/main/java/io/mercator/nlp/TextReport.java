package io.mercator.nlp;

import io.mercator.nlp.text.Lang;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the analysis says of one text.
 *
 * @param safetyScore  0..1, 1 safe: {@link SafetyPolicy#safety}
 * @param action       what to do with the text, by the policy's thresholds
 * @param lang         the language by its letters' scripts
 * @param scores       per kind of harm, 0..1 (see {@code sources} for what each figure is)
 * @param findings     what was found where, in order of position
 * @param modelVersion the text-model version that scored it
 * @param sources      per kind, where its score comes from: a model's name or the rules
 */
public record TextReport(double safetyScore, Action action, Lang lang, Map<Finding.Kind, Double> scores,
                         List<Finding> findings, String modelVersion, Map<Finding.Kind, String> sources) {

    public TextReport {
        scores = Map.copyOf(scores);
        findings = List.copyOf(findings);
        sources = Map.copyOf(sources);
    }

    public enum Action {
        ALLOW, REVIEW, BLOCK;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public double score(Finding.Kind kind) {
        return scores.getOrDefault(kind, 0.0);
    }
}
