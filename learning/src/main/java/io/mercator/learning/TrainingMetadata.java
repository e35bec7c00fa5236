package io.mercator.learning;

import io.mercator.learning.calibration.CalibrationReport;

import java.util.List;

/**
 * What a model version was trained on and how well it did; stored next to the models as
 * {@code metadata.json}.
 *
 * @param version               the model version
 * @param windowStartMillis     first impression time used (inclusive), epoch ms
 * @param windowEndMillis       end of the training data (exclusive), epoch ms
 * @param validationStartMillis rows from here on were the validation split
 * @param pctr                  the click model's figures (impression rows)
 * @param pcvr                  the order model's figures (clicked rows)
 * @param featureNames          feature names in row order
 * @param parameters            the training parameters
 * @param trainingSeconds       wall time of training both models
 * @param calibration           expected calibration error before and after each model's calibrator;
 *                              null for models saved before calibration existed
 */
public record TrainingMetadata(String version, long windowStartMillis, long windowEndMillis,
                               long validationStartMillis, ModelMetrics pctr, ModelMetrics pcvr,
                               List<String> featureNames, TrainingParameters parameters, double trainingSeconds,
                               CalibrationReport calibration) {

    /** Metadata without calibration figures (the form before calibration was added). */
    public TrainingMetadata(String version, long windowStartMillis, long windowEndMillis,
                            long validationStartMillis, ModelMetrics pctr, ModelMetrics pcvr,
                            List<String> featureNames, TrainingParameters parameters, double trainingSeconds) {
        this(version, windowStartMillis, windowEndMillis, validationStartMillis, pctr, pcvr, featureNames, parameters,
                trainingSeconds, null);
    }
}
