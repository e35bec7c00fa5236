package io.mercator.learning.registry;

import io.mercator.learning.TrainedModels;

import java.util.List;
import java.util.Optional;

/**
 * The model registry port: versioned model artifacts with a card each and a stage each
 * ({@link Stage}), and the history of every stage change with its time, actor and reason.
 *
 * <p>Invariants every implementation keeps: at most one {@link Stage#PRODUCTION} version (exactly
 * one once any model was promoted), at most one {@link Stage#STAGING} version; promoting archives
 * the previous production in the same step; nothing is ever deleted. The embedded implementation
 * is {@link FileModelRegistry}; an object-store implementation can replace it behind this port.
 */
public interface ModelRegistry {

    /**
     * Saves the artifacts and the card and enters the version in {@code stage}. Registering as
     * production archives the current production; registering as staging archives the current
     * staging (a newer canary replaces an older one).
     *
     * @throws IllegalStateException when the version is already registered
     */
    RegisteredModel register(TrainedModels trained, ModelCard card, Stage stage, String actor, String reason);

    /** Every registered version with its stage, oldest registration first. */
    List<RegisteredModel> list();

    Optional<RegisteredModel> find(String version);

    Optional<RegisteredModel> production();

    Optional<RegisteredModel> staging();

    /**
     * Staging to production; the previous production is archived.
     *
     * @throws IllegalStateException when {@code version} is not the staging version
     */
    RegisteredModel promote(String version, String actor, String reason);

    /**
     * The production before the current one comes back; the current one is archived.
     *
     * @throws IllegalStateException when there is no earlier production to return to
     */
    RegisteredModel rollback(String actor, String reason);

    /**
     * Withdraws the staging version (the canary failed or was stopped): it is archived.
     *
     * @throws IllegalStateException when {@code version} is not the staging version
     */
    RegisteredModel abortCanary(String version, String actor, String reason);

    /**
     * Makes any registered version production at once (a blue-green switch, or its way back); the
     * current production is archived. A staging version switched in is no longer the canary.
     *
     * @throws IllegalStateException when {@code version} is not registered or is production already
     */
    RegisteredModel switchTo(String version, String actor, String reason);

    /** Every stage change, oldest first. */
    List<StageTransition> history();

    /** Loads a registered version's working boosters; the caller closes them. */
    TrainedModels load(String version);
}
