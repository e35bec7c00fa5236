package io.mercator.learning;

/**
 * One impression with the features it was (or would have been) served with and what followed
 * within the attribution window.
 *
 * @param requestId the serving request
 * @param userId    the buyer
 * @param listingId the listing shown
 * @param ts        impression event time, epoch ms
 * @param surface   "feed" or "search"
 * @param features  values in {@link RankingFeatures#NAMES} order
 * @param click     clicked within the window
 * @param cart      added to cart within the window
 * @param order     ordered within the window
 */
public record TrainingRow(String requestId, String userId, String listingId, long ts, String surface,
                          float[] features, boolean click, boolean cart, boolean order) {

    /** Graded relevance for ranking metrics: order 3, cart 2, click 1, nothing 0. */
    public int grade() {
        return order ? 3 : cart ? 2 : click ? 1 : 0;
    }
}
