package io.mercator.learning.registry;

/**
 * A registered version as it stands now.
 *
 * @param card            what it was trained on and how it evaluated
 * @param stage           its current stage
 * @param stageSinceMillis when it entered that stage, epoch ms
 */
public record RegisteredModel(ModelCard card, Stage stage, long stageSinceMillis) {

    public String version() {
        return card.version();
    }
}
