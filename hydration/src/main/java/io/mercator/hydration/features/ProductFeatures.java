package io.mercator.hydration.features;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A listing's features as served, with the windowed values resolved as of the request time.
 *
 * @param listingId        the listing
 * @param known            false when the store has no row for it (all other values are defaults)
 * @param category         category slug, null if unknown
 * @param sellerId         seller id, null if unknown
 * @param price            asking price in THB
 * @param stock            units available
 * @param stockStatus      in_stock, out_of_stock or removed ({@link FeatureKeys})
 * @param conditionGrade   condition in [0,1], 1 for new
 * @param qualityScore     content quality blended with smoothed conversion, [0,1]
 * @param sellerTrustScore seller trust, [0,1]
 * @param lat              item latitude
 * @param lon              item longitude
 * @param publishedAt      publication time, epoch ms
 * @param viewsLastHour    impressions in the last hour
 * @param clicksLastHour   clicks in the last hour
 * @param ctrLastHour      smoothed click-through rate of the last hour
 * @param viewsTotal       lifetime impressions
 * @param ordersTotal      lifetime orders
 * @param boostedNow       in the sponsored slots now (campaign live with budget, or forced by an admin)
 */
public record ProductFeatures(String listingId, boolean known, String category, String sellerId, double price,
                              int stock, String stockStatus, double conditionGrade, double qualityScore,
                              double sellerTrustScore, double lat, double lon, long publishedAt,
                              double viewsLastHour, double clicksLastHour, double ctrLastHour, double viewsTotal,
                              double ordersTotal, boolean boostedNow) {

    /** CTR prior: 5% over 20 pseudo-impressions, so a few impressions do not swing the rate. */
    public static final double CTR_PRIOR = 0.05;
    public static final double CTR_PRIOR_VIEWS = 20;

    /** The smoothed click-through rate. */
    public static double smoothedCtr(double clicks, double views) {
        return (clicks + CTR_PRIOR * CTR_PRIOR_VIEWS) / (views + CTR_PRIOR_VIEWS);
    }

    public boolean inStock() {
        return FeatureKeys.IN_STOCK.equals(stockStatus);
    }

    /** The numeric features by name, in a stable order, as the ranker consumes them. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(FeatureKeys.PRICE, price);
        m.put(FeatureKeys.STOCK, (double) stock);
        m.put("in_stock", inStock() ? 1.0 : 0.0);
        m.put(FeatureKeys.CONDITION_GRADE, conditionGrade);
        m.put(FeatureKeys.QUALITY_SCORE, qualityScore);
        m.put(FeatureKeys.SELLER_TRUST_SCORE, sellerTrustScore);
        m.put("views_last_hour", viewsLastHour);
        m.put("clicks_last_hour", clicksLastHour);
        m.put("ctr_last_hour", ctrLastHour);
        m.put(FeatureKeys.VIEWS_TOTAL, viewsTotal);
        m.put(FeatureKeys.ORDERS_TOTAL, ordersTotal);
        m.put(FeatureKeys.IS_BOOSTED_NOW, boostedNow ? 1.0 : 0.0);
        return m;
    }
}
