package io.mercator.events.payload;

/** Interaction family: keyed by user id, each names the listing it is about. */
public sealed interface InteractionPayload extends EventPayload {

    /** The listing the interaction is about. */
    String listingId();

    /** The request that served the listing, joining clicks, carts and orders to impressions. */
    String requestId();

    /**
     * A listing was shown to the user.
     *
     * @param requestId    the serving request
     * @param surface      "feed" or "search"
     * @param query        the search query, null on the feed
     * @param listingId    what was shown
     * @param position     1-based slot
     * @param modelVersion the ranker that placed it
     * @param device       "ios", "android" or "web"
     * @param features     the feature values as served, for point-in-time correct training; may be null
     */
    record Impression(String requestId, String surface, String query, String listingId, int position,
                      String modelVersion, String device, FeatureValues features)
            implements InteractionPayload {
    }

    record Click(String requestId, String listingId) implements InteractionPayload {
    }

    record AddToCart(String requestId, String listingId, int quantity) implements InteractionPayload {
    }

    /** A purchase; amount is in THB. */
    record Order(String requestId, String listingId, int quantity, double amount) implements InteractionPayload {
    }
}
