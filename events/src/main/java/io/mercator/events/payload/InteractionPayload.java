package io.mercator.events.payload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Interaction family: keyed by user id. Each is about one listing ({@link OnListing}), except
 * {@link Impressions}, one served list.
 */
public sealed interface InteractionPayload extends EventPayload {

    /** The request that served the listings, joining clicks, carts and orders to impressions. */
    String requestId();

    /** An interaction with one listing. */
    sealed interface OnListing extends InteractionPayload {
        /** The listing the interaction is about. */
        String listingId();
    }

    /**
     * A listing was shown to the user: one item of a list, as a client reports what it displayed.
     * The ranker logs its responses as {@link Impressions}; both count the same everywhere.
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
            implements OnListing {
    }

    /**
     * One response the ranker served: every listing it showed, in order, in one event. A response
     * of twenty items is one append, one record for each projection to read and one id to
     * de-duplicate, where twenty single impressions cost twenty of each; and the feature names are
     * written once per list instead of once per item.
     *
     * <p>Wire form: {@code {"requestId":..,"surface":..,"query":..,"modelVersion":..,"device":..,
     * "featureNames":["price",..],"items":[{"listingId":..,"position":1,"features":[9000.0,..]},..]}}.
     * Non-finite feature values are written as the strings {@code "NaN"}, {@code "Infinity"} and
     * {@code "-Infinity"}.
     *
     * @param featureNames the names of every item's feature values, in row order; null when no item has features
     * @param items        what was shown, in the order served
     */
    record Impressions(String requestId, String surface, String query, String modelVersion, String device,
                       List<String> featureNames, List<Shown> items) implements InteractionPayload {

        public Impressions {
            // the names of every list served with one feature set are one shared list
            featureNames = featureNames == null ? null : FeatureValues.sharedNames(featureNames);
            items = items == null ? List.of() : List.copyOf(items);
        }

        /** Number of items shown. */
        public int size() {
            return items.size();
        }

        /** The features of item {@code i} as served, or null (values not copied: do not change them). */
        public FeatureValues features(int i) {
            double[] values = items.get(i).features();
            return values == null || featureNames == null || values.length != featureNames.size()
                    ? null : FeatureValues.ofShared(featureNames, values);
        }

        /** Item {@code i} as a single impression, for code that handles impressions one at a time. */
        public Impression impression(int i) {
            Shown s = items.get(i);
            return new Impression(requestId, surface, query, s.listingId(), s.position(), modelVersion, device,
                    features(i));
        }

        /** Every item as a single impression, in the order served. */
        public List<Impression> asImpressions() {
            List<Impression> out = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                out.add(impression(i));
            }
            return out;
        }

        /**
         * One shown item.
         *
         * @param listingId  what was shown
         * @param position   1-based slot
         * @param features   its feature values in the order of the list's {@code featureNames}; may be null
         * @param campaignId the boost campaign that paid for a sponsored slot; null for an organic item
         *                   (and for an admin force-boost, which no campaign pays for)
         * @param pctr       the click probability the ranker predicted for a sponsored item, which the
         *                   auto-boost agent measures the item's clicks against; null when organic or unknown
         */
        public record Shown(String listingId, int position, double[] features, String campaignId, Double pctr) {

            /** An organic item. */
            public Shown(String listingId, int position, double[] features) {
                this(listingId, position, features, null, null);
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof Shown s && position == s.position && Objects.equals(listingId, s.listingId)
                        && Arrays.equals(features, s.features) && Objects.equals(campaignId, s.campaignId)
                        && Objects.equals(pctr, s.pctr);
            }

            @Override
            public int hashCode() {
                return Objects.hash(listingId, position, Arrays.hashCode(features), campaignId, pctr);
            }

            @Override
            public String toString() {
                return "Shown[" + listingId + " at " + position + (campaignId == null ? "" : " for " + campaignId)
                        + ", " + Arrays.toString(features) + "]";
            }
        }
    }

    record Click(String requestId, String listingId) implements OnListing {
    }

    record AddToCart(String requestId, String listingId, int quantity) implements OnListing {
    }

    /** A purchase; amount is in THB. */
    record Order(String requestId, String listingId, int quantity, double amount) implements OnListing {
    }
}
