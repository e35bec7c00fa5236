package io.mercator.ranking;

import io.mercator.hydration.features.UserFeatures;

import java.util.Optional;

/**
 * One ranking request, validated on construction (an invalid one is a {@link RankingFailure} of
 * category CLIENT). Built by the HTTP layer with {@link #feed} or {@link #search}; the pipeline
 * then adds the buyer's features with {@link #withUser} (a query feature, read once before recall
 * because recall and the distance filter need the buyer's home).
 *
 * @param requestId  joins impressions, clicks and orders to this response
 * @param surface    feed or search
 * @param userId     the buyer; null for an anonymous visitor (treated as a cold-start user)
 * @param lat        where the request comes from, or null (then the buyer's home is used)
 * @param lon        with {@code lat}: both or neither
 * @param limit      items to return, 1..100
 * @param queryText  search text; required on search, null on the feed
 * @param explain    add SHAP contributions and the seller-trust breakdown for the top items
 * @param device     "ios", "android", "web" or null
 * @param nowMillis  request time, epoch ms; windowed features are resolved as of it
 * @param user       the buyer's features once read; null before
 */
public record RankingQuery(String requestId, Surface surface, String userId, Double lat, Double lon, int limit,
                           String queryText, boolean explain, String device, long nowMillis, UserFeatures user) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public RankingQuery {
        if (requestId == null || requestId.isBlank()) {
            throw RankingFailure.badRequest("request id is required");
        }
        if (surface == null) {
            throw RankingFailure.badRequest("surface is required");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw RankingFailure.badRequest("limit must be within 1.." + MAX_LIMIT + ": " + limit);
        }
        if ((lat == null) != (lon == null)) {
            throw RankingFailure.badRequest("lat and lon go together");
        }
        if (lat != null) {
            new GeoPoint(lat, lon);
        }
        if (surface == Surface.SEARCH && (queryText == null || queryText.isBlank())) {
            throw RankingFailure.badRequest("search needs query text");
        }
        if (surface == Surface.FEED) {
            queryText = null;
        }
    }

    /** A feed request; a null limit means {@link #DEFAULT_LIMIT}. */
    public static RankingQuery feed(String requestId, String userId, Double lat, Double lon, Integer limit,
                                    String device, long nowMillis) {
        return new RankingQuery(requestId, Surface.FEED, userId, lat, lon, limit == null ? DEFAULT_LIMIT : limit,
                null, false, device, nowMillis, null);
    }

    /** A search request; a null limit means {@link #DEFAULT_LIMIT}. */
    public static RankingQuery search(String requestId, String userId, String queryText, Double lat, Double lon,
                                      Integer limit, String device, long nowMillis) {
        return new RankingQuery(requestId, Surface.SEARCH, userId, lat, lon, limit == null ? DEFAULT_LIMIT : limit,
                queryText, false, device, nowMillis, null);
    }

    public RankingQuery withExplain(boolean on) {
        return new RankingQuery(requestId, surface, userId, lat, lon, limit, queryText, on, device, nowMillis, user);
    }

    public RankingQuery withUser(UserFeatures features) {
        return new RankingQuery(requestId, surface, userId, lat, lon, limit, queryText, explain, device, nowMillis,
                features);
    }

    /** Where distances are measured from: the request's point, else the buyer's home, else nowhere. */
    public Optional<GeoPoint> origin() {
        if (lat != null) {
            return Optional.of(new GeoPoint(lat, lon));
        }
        if (user != null && user.hasHome()) {
            return Optional.of(new GeoPoint(user.homeLat(), user.homeLon()));
        }
        return Optional.empty();
    }
}
