package io.mercator.learning.registry;

import io.mercator.learning.ModelMetrics;
import io.mercator.learning.TrainingMetadata;
import io.mercator.learning.TrainingParameters;

import java.util.List;

/**
 * Everything the registry knows about one version besides its stage: enough to tell later what
 * produced it and to reproduce it.
 *
 * @param version            the model version (the {@code ModelStore} directory name)
 * @param registeredAtMillis when it entered the registry, epoch ms
 * @param windowStartMillis  first training row time (inclusive), epoch ms
 * @param windowEndMillis    end of the training data (exclusive), epoch ms
 * @param dataHash           SHA-256 of the training rows used ({@link TrainingDataHash}); "unknown" for adopted versions
 * @param featureNames       feature names in row order
 * @param parameters         the training parameters
 * @param pctr               the click model's validation figures
 * @param pcvr               the order model's validation figures
 * @param codeVersion        the code that trained it ({@link CodeVersion})
 * @param evaluation         the gate's NDCG figures, null for adopted versions
 * @param featureBins        the training distribution of every feature, for PSI; null for adopted versions
 */
public record ModelCard(String version, long registeredAtMillis, long windowStartMillis, long windowEndMillis,
                        String dataHash, List<String> featureNames, TrainingParameters parameters, ModelMetrics pctr,
                        ModelMetrics pcvr, String codeVersion, GateEvaluation evaluation, FeatureBins featureBins) {

    public ModelCard {
        featureNames = List.copyOf(featureNames);
    }

    /** A card for a freshly trained version. */
    public static ModelCard of(TrainingMetadata m, long registeredAtMillis, String dataHash, GateEvaluation evaluation,
                               FeatureBins bins) {
        return new ModelCard(m.version(), registeredAtMillis, m.windowStartMillis(), m.windowEndMillis(), dataHash,
                m.featureNames(), m.parameters(), m.pctr(), m.pcvr(), CodeVersion.current(), evaluation, bins);
    }
}
