package io.mercator.learning.registry;

/**
 * NDCG@k of four orderings of the held-out requests: the candidate model, the production model,
 * a popularity baseline and a random order.
 *
 * @param fromMillis       start of the held-out span (inclusive), epoch ms
 * @param untilMillis      end of the held-out span (exclusive), epoch ms
 * @param k                the cut-off
 * @param requests         held-out requests with at least one positive row
 * @param candidate        NDCG@k of the candidate
 * @param production       NDCG@k of the production model, NaN when there is none
 * @param productionVersion the production version compared with, null when there is none
 * @param popularity       NDCG@k of listings ordered by their clicks, carts and orders before the span
 * @param random           NDCG@k of a seeded shuffle
 */
public record GateEvaluation(long fromMillis, long untilMillis, int k, int requests, double candidate,
                             double production, String productionVersion, double popularity, double random) {
}
