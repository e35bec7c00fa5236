package io.mercator.hydration.features;

/**
 * Names of the online-store keys and fields the features projection writes and the reader reads.
 * One hash per entity: {@code listing:{id}}, {@code user:{id}}, {@code seller:{id}},
 * {@code category:{slug}}.
 */
public final class FeatureKeys {

    private FeatureKeys() {
    }

    public static String listing(String id) {
        return "listing:" + id;
    }

    public static String user(String id) {
        return "user:" + id;
    }

    public static String seller(String id) {
        return "seller:" + id;
    }

    public static String category(String slug) {
        return "category:" + slug;
    }

    // ---- product (listing:{id}) -------------------------------------------------------------
    public static final String CATEGORY = "category";
    public static final String SELLER_ID = "seller_id";
    public static final String PRICE = "price";
    public static final String STOCK = "stock";
    /** {@link #IN_STOCK}, {@link #OUT_OF_STOCK} or {@link #REMOVED}. */
    public static final String STOCK_STATUS = "stock_status";
    public static final String IN_STOCK = "in_stock";
    public static final String OUT_OF_STOCK = "out_of_stock";
    public static final String REMOVED = "removed";
    /** The condition as published: new, like_new, good, fair, worn. */
    public static final String CONDITION = "condition";
    /** The condition as a number in [0,1], 1 for new. */
    public static final String CONDITION_GRADE = "condition_grade";
    public static final String PHOTO_COUNT = "photo_count";
    public static final String DESCRIPTION_LENGTH = "description_length";
    public static final String PROVINCE = "province";
    public static final String LAT = "lat";
    public static final String LON = "lon";
    public static final String PUBLISHED_AT = "published_at";
    /** Lifetime impressions; "views" are impressions throughout. */
    public static final String VIEWS_TOTAL = "views_total";
    public static final String CLICKS_TOTAL = "clicks_total";
    public static final String CARTS_TOTAL = "carts_total";
    public static final String ORDERS_TOTAL = "orders_total";
    public static final String QUALITY_SCORE = "quality_score";
    /** Denormalised from the seller row; rewritten on every listing of a seller when it changes. */
    public static final String SELLER_TRUST_SCORE = "seller_trust_score";
    /** 1 or 0, as of the projection's event time; the reader re-checks {@link #BOOST_ENDS_AT}. */
    public static final String IS_BOOSTED_NOW = "is_boosted_now";
    public static final String FORCE_BOOST = "force_boost";
    public static final String BOOST_ENDS_AT = "boost_ends_at";
    public static final String BOOST_BUDGET_LEFT = "boost_budget_left";

    /** Impressions in the last hour, one-minute buckets. */
    public static final WindowedCounter VIEWS_1H = new WindowedCounter("views", 60_000, 3_600_000);
    /** Clicks in the last hour, one-minute buckets. */
    public static final WindowedCounter CLICKS_1H = new WindowedCounter("clicks", 60_000, 3_600_000);

    // ---- seller (seller:{id}) -----------------------------------------------------------------
    public static final String VERIFIED = "verified";
    public static final String REPORTS = "reports";
    public static final String BANNED = "banned";
    public static final String REGISTERED_AT = "registered_at";
    public static final String COMPLETED_ORDERS = "completed_orders";
    // plus SELLER_TRUST_SCORE

    // ---- user (user:{id}) ---------------------------------------------------------------------
    public static final String AGE_GROUP = "age_group";
    public static final String GENDER = "gender";
    public static final String HOME_LAT = "home_lat";
    public static final String HOME_LON = "home_lon";
    public static final String MAX_DISTANCE_KM = "max_distance_km";
    public static final String LIFETIME_SPEND = "lifetime_spend";
    public static final String USER_ORDERS = "orders_total";
    /** Up to three category slugs, best first, comma separated; empty when none. */
    public static final String TOP_CATEGORIES_30D = "top_categories_30d";
    public static final String CURRENT_SEARCH_QUERY = "current_search_query";
    public static final String LAST_VIEWED_CATEGORY = "last_viewed_category";
    /** Clicks in the last five minutes, 30-second buckets. */
    public static final WindowedCounter SESSION_CLICKS_5M = new WindowedCounter("session_clicks", 30_000, 300_000);

    // ---- category (category:{slug}) -----------------------------------------------------------
    /** Exponentially weighted average of published and updated prices. */
    public static final String AVG_CATEGORY_PRICE_HISTORY = "avg_category_price_history";
    public static final String PRICE_SAMPLES = "price_samples";
}
