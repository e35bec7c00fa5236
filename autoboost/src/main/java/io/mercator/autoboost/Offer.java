package io.mercator.autoboost;

/**
 * A boosted listing that may fill a sponsored slot of one request: it passed the same filters and
 * fraud screen as the organic items, and is near enough to the buyer.
 *
 * @param listingId the listing
 * @param pctr      the ranker's click probability for this buyer; null when no model scored it
 * @param pcvr      the ranker's order probability given a click; null when no model scored it
 */
public record Offer(String listingId, Double pctr, Double pcvr) {
}
