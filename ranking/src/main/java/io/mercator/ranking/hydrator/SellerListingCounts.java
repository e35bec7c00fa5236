package io.mercator.ranking.hydrator;

/**
 * How many live listings each seller has, for the fraud check's "new seller posting many
 * listings" signal. Counted off the request path (the catalog has no per-seller index).
 */
public interface SellerListingCounts {

    int liveListings(String sellerId);
}
