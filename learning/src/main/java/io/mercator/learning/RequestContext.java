package io.mercator.learning;

/**
 * What a ranking request knows besides the user and the listings; used for context features.
 *
 * @param surface   "feed" or "search"
 * @param query     search text, null on the feed
 * @param lat       where the user is (request location, else home)
 * @param lon       where the user is
 * @param nowMillis request time (event time when rebuilding training rows)
 * @param device    "ios", "android", "web" or null
 */
public record RequestContext(String surface, String query, double lat, double lon, long nowMillis, String device) {
}
