package io.mercator.learning;

import io.mercator.events.Geo;
import io.mercator.hydration.features.ProductFeatures;
import io.mercator.hydration.features.UserFeatures;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;

/**
 * The one feature definition of the ranker, used by the service to score candidates and by the
 * training-set projection to rebuild rows, so both see the same numbers.
 *
 * <p>Features, in row order ({@link #NAMES}); NaN means "unknown" and LightGBM treats it as
 * missing:
 * <ol>
 *   <li>{@code price}: asking price, THB</li>
 *   <li>{@code log_price}: ln(1 + price), for the range of prices</li>
 *   <li>{@code condition_grade}: 1 new .. 0.25 worn</li>
 *   <li>{@code quality_score}: content plus smoothed conversion, [0,1]</li>
 *   <li>{@code seller_trust_score}: [0,1]</li>
 *   <li>{@code views_last_hour}, {@code clicks_last_hour}, {@code ctr_last_hour}: the listing's
 *       last hour, as of the request time</li>
 *   <li>{@code views_total}, {@code orders_total}: lifetime impressions and orders</li>
 *   <li>{@code stock}, {@code in_stock} (1/0), {@code is_boosted_now} (1/0)</li>
 *   <li>{@code listing_age_days}: request time minus publication; NaN if unknown</li>
 *   <li>{@code price_to_category_avg}: price over the category's running average price; NaN
 *       without an average</li>
 *   <li>{@code distance_km}: haversine from the request location to the item</li>
 *   <li>{@code distance_to_max}: distance over the buyer's maximum distance (above 1 is beyond
 *       reach); NaN without a maximum</li>
 *   <li>{@code category_affinity}: 1, 2/3, 1/3 when the listing's category is the buyer's first,
 *       second, third category of the last 30 days; 0 otherwise</li>
 *   <li>{@code last_viewed_category_match}: 1 when the category is the buyer's last clicked one</li>
 *   <li>{@code user_lifetime_spend}, {@code user_orders_total}, {@code session_clicks_last_5m}</li>
 *   <li>{@code query_title_overlap}: share of the query's terms in the title ({@link TitleMatch});
 *       0 on the feed</li>
 *   <li>{@code hour_of_day} (0-23) and {@code day_of_week} (1 Monday .. 7 Sunday), in Bangkok</li>
 *   <li>{@code thai_holiday}: 1 on a public holiday ({@link ThaiHolidays})</li>
 *   <li>{@code device_ios}, {@code device_android}, {@code device_web}: one-hot, all 0 when unknown</li>
 *   <li>{@code surface_search}: 1 for search, 0 for the feed</li>
 * </ol>
 * The slot a listing is shown in is deliberately absent: the ranker does not know it when it
 * scores, so a model that learnt from it could not be served.
 */
public final class RankingFeatures implements FeatureVectorizer {

    public static final List<String> NAMES = List.of(
            "price", "log_price", "condition_grade", "quality_score", "seller_trust_score",
            "views_last_hour", "clicks_last_hour", "ctr_last_hour", "views_total", "orders_total",
            "stock", "in_stock", "is_boosted_now", "listing_age_days", "price_to_category_avg",
            "distance_km", "distance_to_max", "category_affinity", "last_viewed_category_match",
            "user_lifetime_spend", "user_orders_total", "session_clicks_last_5m", "query_title_overlap",
            "hour_of_day", "day_of_week", "thai_holiday", "device_ios", "device_android", "device_web",
            "surface_search");

    /** Number of features per row. */
    public static final int WIDTH = NAMES.size();

    private static final double DAY_MS = 86_400_000.0;
    /** Categories in the buyer's top list that carry affinity; the store keeps three. */
    private static final int TOP_CATEGORIES = 3;

    @Override
    public List<String> names() {
        return NAMES;
    }

    @Override
    public double[] rows(RankingInputs in) {
        List<ProductFeatures> products = in.products();
        int n = products.size();
        double[] out = new double[n * WIDTH];
        RequestContext ctx = in.context();
        UserFeatures user = in.user();

        // per-request values once, not per candidate
        ZonedDateTime local = Instant.ofEpochMilli(ctx.nowMillis()).atZone(ThaiHolidays.BANGKOK);
        double hour = local.getHour();
        double dayOfWeek = local.getDayOfWeek().getValue();
        double holiday = ThaiHolidays.isHoliday(local.toLocalDate()) ? 1 : 0;
        String device = ctx.device();
        double ios = "ios".equals(device) ? 1 : 0;
        double android = "android".equals(device) ? 1 : 0;
        double web = "web".equals(device) ? 1 : 0;
        boolean search = "search".equals(ctx.surface());
        Set<String> queryTerms = search ? TitleMatch.terms(ctx.query()) : Set.of();
        List<String> top = user.topCategories30d();

        for (int i = 0; i < n; i++) {
            ProductFeatures p = products.get(i);
            int o = i * WIDTH;
            out[o] = p.price();
            out[o + 1] = Math.log1p(Math.max(0, p.price()));
            out[o + 2] = p.conditionGrade();
            out[o + 3] = p.qualityScore();
            out[o + 4] = p.sellerTrustScore();
            out[o + 5] = p.viewsLastHour();
            out[o + 6] = p.clicksLastHour();
            out[o + 7] = p.ctrLastHour();
            out[o + 8] = p.viewsTotal();
            out[o + 9] = p.ordersTotal();
            out[o + 10] = p.stock();
            out[o + 11] = p.inStock() ? 1 : 0;
            out[o + 12] = p.boostedNow() ? 1 : 0;
            out[o + 13] = p.publishedAt() > 0 ? (ctx.nowMillis() - p.publishedAt()) / DAY_MS : Double.NaN;
            Double avg = p.category() == null ? null : in.categoryAveragePrices().get(p.category());
            out[o + 14] = avg != null && avg > 0 ? p.price() / avg : Double.NaN;
            double km = distanceKm(ctx.lat(), ctx.lon(), p.lat(), p.lon());
            out[o + 15] = km;
            out[o + 16] = user.maxDistanceKm() > 0 ? km / user.maxDistanceKm() : Double.NaN;
            out[o + 17] = affinity(top, p.category());
            out[o + 18] = p.category() != null && p.category().equals(user.lastViewedCategory()) ? 1 : 0;
            out[o + 19] = user.lifetimeSpend();
            out[o + 20] = user.ordersTotal();
            out[o + 21] = user.sessionClicksLast5m();
            out[o + 22] = search ? TitleMatch.overlap(queryTerms, titleAt(in.titles(), i)) : 0;
            out[o + 23] = hour;
            out[o + 24] = dayOfWeek;
            out[o + 25] = holiday;
            out[o + 26] = ios;
            out[o + 27] = android;
            out[o + 28] = web;
            out[o + 29] = search ? 1 : 0;
        }
        return out;
    }

    /** Great-circle distance, NaN when either point is unknown. */
    static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
        if (Double.isNaN(lat1) || Double.isNaN(lon1) || Double.isNaN(lat2) || Double.isNaN(lon2)) {
            return Double.NaN;
        }
        return Geo.haversineKm(lat1, lon1, lat2, lon2);
    }

    /** Rank-weighted: the first category 1, the second 2/3, the third 1/3, anything else 0. */
    static double affinity(List<String> topCategories, String category) {
        if (category == null) {
            return 0;
        }
        int rank = topCategories.indexOf(category);
        return rank < 0 || rank >= TOP_CATEGORIES ? 0 : (double) (TOP_CATEGORIES - rank) / TOP_CATEGORIES;
    }

    private static String titleAt(List<String> titles, int i) {
        return titles == null || i >= titles.size() ? null : titles.get(i);
    }
}
