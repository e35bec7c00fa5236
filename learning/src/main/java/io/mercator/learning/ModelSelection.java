package io.mercator.learning;


import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which click models score one buyer's request. The service routes a small, stable share of
 * buyers to a canary model and everyone else to production; the ranker only asks, so the routing
 * rule lives with the registry, not in the pipeline.
 *
 * <p>Implementations are called on every request and must be cheap and thread-safe. Asking twice
 * for the same buyer should give the same models unless a version was swapped in between.
 */
@FunctionalInterface
public interface ModelSelection {

    /**
     * The models for this buyer, if any are loaded.
     *
     * @param userId the buyer, or null for an anonymous visitor
     */
    Optional<ClickModels> forUser(String userId);

    /** Where what the ranker served is shown to a shadow candidate; none by default. */
    default ShadowScoring shadow() {
        return ShadowScoring.NONE;
    }

    /** Every buyer gets what {@code models} holds now: the single-model seam before canaries existed. */
    static ModelSelection everyone(Supplier<Optional<ClickModels>> models) {
        return userId -> models.get();
    }
}
