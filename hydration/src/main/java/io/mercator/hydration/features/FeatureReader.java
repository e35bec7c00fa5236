package io.mercator.hydration.features;

import io.mercator.hydration.store.FeatureRow;
import io.mercator.hydration.store.OnlineStore;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.mercator.hydration.features.FeatureKeys.*;

/**
 * Reads the rows the {@link FeatureProjection} writes and resolves windowed counters as of the
 * caller's time. Products cost one {@code readHashes} round trip whatever their number: seller
 * trust is denormalised into the product rows, so no second read for sellers is needed.
 */
public final class FeatureReader {

    private final OnlineStore store;

    public FeatureReader(OnlineStore store) {
        this.store = store;
    }

    /** Features of the listings, in the order given; unknown ids give {@code known == false}. */
    public Future<List<ProductFeatures>> products(List<String> listingIds, long nowMillis) {
        List<String> keys = new ArrayList<>(listingIds.size());
        for (String id : listingIds) {
            keys.add(FeatureKeys.listing(id));
        }
        return store.readDecoded(keys, LISTING_ROW).map(rows -> {
            List<ProductFeatures> out = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                out.add(rows.get(i).asOf(listingIds.get(i), nowMillis));
            }
            return out;
        });
    }

    /**
     * Decodes these listings' rows once, {@code chunk} keys per read, where the store keeps decoded
     * rows ({@link OnlineStore#keepsDecodedRows}); elsewhere it reads nothing.
     *
     * @return how many rows were decoded
     */
    public Future<Integer> preloadProducts(List<String> listingIds, int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be positive");
        }
        if (!store.keepsDecodedRows()) {
            return Future.succeededFuture(0);
        }
        Future<Integer> done = Future.succeededFuture(0);
        for (int from = 0; from < listingIds.size(); from += chunk) {
            List<String> keys = new ArrayList<>(Math.min(chunk, listingIds.size() - from));
            for (String id : listingIds.subList(from, Math.min(listingIds.size(), from + chunk))) {
                keys.add(FeatureKeys.listing(id));
            }
            done = done.compose(n -> store.readDecoded(keys, LISTING_ROW).map(rows -> n + rows.size()));
        }
        return done;
    }

    static ProductFeatures product(String id, Map<String, String> hash, long now) {
        return ListingRow.parse(hash).asOf(id, now);
    }

    /** The one decoder of listing rows, so the embedded store can keep each row's parsed form. */
    private static final Function<Map<String, String>, ListingRow> LISTING_ROW = ListingRow::parse;

    /**
     * A listing's hash parsed: what does not depend on the time of the read, and the windowed
     * counters as buckets to be summed as of that time.
     */
    private record ListingRow(boolean known, String category, String sellerId, double price, int stock,
                              String stockStatus, double conditionGrade, double quality, double sellerTrust,
                              double lat, double lon, long publishedAt, double viewsTotal, double ordersTotal,
                              boolean forced, boolean boostedFlag, double boostEndsAt,
                              WindowedCounter.Buckets views, WindowedCounter.Buckets clicks) {

        static ListingRow parse(Map<String, String> hash) {
            FeatureRow row = new FeatureRow(hash);
            boolean known = !row.isEmpty();
            return new ListingRow(known, row.text(CATEGORY, null), row.text(SELLER_ID, null), row.number(PRICE, 0),
                    (int) row.number(STOCK, 0), row.text(STOCK_STATUS, OUT_OF_STOCK),
                    row.number(CONDITION_GRADE, 0.5), row.number(QUALITY_SCORE, 0),
                    row.number(SELLER_TRUST_SCORE, 0.5), row.number(LAT, Double.NaN), row.number(LON, Double.NaN),
                    (long) row.number(PUBLISHED_AT, 0), row.number(VIEWS_TOTAL, 0), row.number(ORDERS_TOTAL, 0),
                    row.number(FORCE_BOOST, 0) > 0, row.number(IS_BOOSTED_NOW, 0) > 0,
                    row.number(BOOST_ENDS_AT, Double.MAX_VALUE),
                    known ? VIEWS_1H.buckets(hash) : WindowedCounter.Buckets.NONE,
                    known ? CLICKS_1H.buckets(hash) : WindowedCounter.Buckets.NONE);
        }

        ProductFeatures asOf(String id, long now) {
            double v = views.sum(VIEWS_1H, now);
            double c = clicks.sum(CLICKS_1H, now);
            // the flag is as of the projection's event time; a campaign ending since then is off already
            boolean boosted = boostedFlag && (forced || now < boostEndsAt);
            return new ProductFeatures(id, known, category, sellerId, price, stock, stockStatus, conditionGrade,
                    quality, sellerTrust, lat, lon, publishedAt, v, c, ProductFeatures.smoothedCtr(c, v), viewsTotal,
                    ordersTotal, boosted);
        }
    }

    /** The buyer's features; an unknown buyer gives {@code known == false} and defaults. */
    public Future<UserFeatures> user(String userId, long nowMillis) {
        return store.readHashes(List.of(FeatureKeys.user(userId))).map(rows -> {
            Map<String, String> hash = rows.get(0);
            FeatureRow row = new FeatureRow(hash);
            String top = row.text(TOP_CATEGORIES_30D, "");
            List<String> topCategories = top.isEmpty() ? List.of() : Arrays.asList(top.split(","));
            String ageGroup = row.text(AGE_GROUP, "");
            String gender = row.text(GENDER, "");
            return new UserFeatures(userId, !row.isEmpty(), ageGroup.isEmpty() ? null : ageGroup,
                    gender.isEmpty() ? null : gender, row.number(HOME_LAT, Double.NaN),
                    row.number(HOME_LON, Double.NaN), row.number(MAX_DISTANCE_KM, 0),
                    row.number(LIFETIME_SPEND, 0), row.number(USER_ORDERS, 0), topCategories,
                    SESSION_CLICKS_5M.sum(hash, nowMillis), row.text(CURRENT_SEARCH_QUERY, null),
                    row.text(LAST_VIEWED_CATEGORY, null));
        });
    }

    /** The running average price of each category that has one, in THB. */
    public Future<Map<String, Double>> averageCategoryPrices(List<String> slugs) {
        List<String> keys = new ArrayList<>(slugs.size());
        for (String s : slugs) {
            keys.add(FeatureKeys.category(s));
        }
        return store.readHashes(keys).map(rows -> {
            Map<String, Double> out = new HashMap<>();
            for (int i = 0; i < rows.size(); i++) {
                double avg = new FeatureRow(rows.get(i)).number(AVG_CATEGORY_PRICE_HISTORY, Double.NaN);
                if (!Double.isNaN(avg)) {
                    out.put(slugs.get(i), avg);
                }
            }
            return out;
        });
    }
}
