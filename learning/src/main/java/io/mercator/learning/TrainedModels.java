package io.mercator.learning;

/**
 * A freshly trained or loaded model pair with its metadata. Closing it frees the native boosters.
 *
 * @param models   the servable pair
 * @param metadata what it was trained on and how it did
 */
public record TrainedModels(LightGbmClickModels models, TrainingMetadata metadata) implements AutoCloseable {

    @Override
    public void close() {
        models.close();
    }
}
