package io.mercator.ranking;

import io.mercator.hydration.features.SellerTrust;

import java.util.List;
import java.util.Map;

/**
 * What /feed and /search return.
 *
 * @param requestId    echoes the query's, and keys the impressions written for this response
 * @param modelVersion the click models' version, {@code popularity} when the models were not
 *                     used, {@code trending} when the whole pipeline was over budget
 * @param degraded     ids of the components that fell back, e.g. {@code ["vector-recall"]}; empty
 *                     when everything worked
 * @param items        at most {@code limit} items, best first
 * @param explanations with {@code explain=true}: one per top item, at most 10; empty otherwise
 */
public record RankingResult(String requestId, String modelVersion, List<String> degraded, List<Item> items,
                            List<Explanation> explanations) {

    public RankingResult {
        degraded = List.copyOf(degraded);
        items = List.copyOf(items);
        explanations = List.copyOf(explanations);
    }

    /**
     * One served listing.
     *
     * @param listingId  the listing
     * @param title      its title
     * @param price      asking price, THB
     * @param sellerId   its seller
     * @param distanceKm from the request's point (or the buyer's home); null when neither is known
     * @param score      the final ranking score (comparable within one response only)
     * @param pctr       predicted click-through rate; null when no model scored it
     * @param pcvr       predicted conversion rate given a click; null when no model scored it
     * @param sponsored  placed in a sponsored slot
     * @param campaignId the boost campaign paying for the sponsored slot; null when organic, and for an
     *                   admin force-boost, which no campaign pays for
     * @param position   1-based slot
     */
    public record Item(String listingId, String title, double price, String sellerId, Double distanceKm, double score,
                       Double pctr, Double pcvr, boolean sponsored, String campaignId, int position) {
    }

    /**
     * Why an item ranked where it did.
     *
     * @param listingId         the item
     * @param pctrContributions SHAP contribution of each feature to pCTR, plus {@code bias}
     * @param pcvrContributions SHAP contribution of each feature to pCVR, plus {@code bias}
     * @param sellerTrust       how the seller-trust term was reached
     */
    public record Explanation(String listingId, Map<String, Double> pctrContributions,
                              Map<String, Double> pcvrContributions, SellerTrust.Breakdown sellerTrust) {
    }
}
