package io.mercator.hydration.features;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A buyer's features as served, with the session window resolved as of the request time.
 *
 * @param userId               the buyer
 * @param known                false when the store has no row for the buyer
 * @param ageGroup             for example "25-34", null if no profile
 * @param gender               "f", "m", "x" or null
 * @param homeLat              home latitude, NaN if no profile
 * @param homeLon              home longitude, NaN if no profile
 * @param maxDistanceKm        how far the buyer will go, 0 if no profile
 * @param lifetimeSpend        THB spent on orders
 * @param ordersTotal          orders placed
 * @param topCategories30d     up to three category slugs, best first
 * @param sessionClicksLast5m  clicks in the last five minutes
 * @param currentSearchQuery   query of the last search impression, null if none
 * @param lastViewedCategory   category of the last clicked listing, null if none
 */
public record UserFeatures(String userId, boolean known, String ageGroup, String gender, double homeLat,
                           double homeLon, double maxDistanceKm, double lifetimeSpend, double ordersTotal,
                           List<String> topCategories30d, double sessionClicksLast5m, String currentSearchQuery,
                           String lastViewedCategory) {

    public UserFeatures {
        topCategories30d = List.copyOf(topCategories30d);
    }

    public boolean hasHome() {
        return !Double.isNaN(homeLat) && !Double.isNaN(homeLon);
    }

    /** The numeric features by name, in a stable order, as the ranker consumes them. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(FeatureKeys.LIFETIME_SPEND, lifetimeSpend);
        m.put("user_orders_total", ordersTotal);
        m.put("session_clicks_last_5m", sessionClicksLast5m);
        m.put(FeatureKeys.MAX_DISTANCE_KM, maxDistanceKm);
        m.put("has_profile", ageGroup != null ? 1.0 : 0.0);
        m.put("has_search_query", currentSearchQuery != null ? 1.0 : 0.0);
        return m;
    }
}
