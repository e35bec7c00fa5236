package io.mercator.service.http;

import io.mercator.events.Thailand;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The validated parameters of {@code GET /feed} and {@code GET /search}.
 *
 * @param userId  the user, or null for an anonymous visitor (cold start)
 * @param lat     request latitude, or null to use the user's home
 * @param lon     request longitude, null together with lat
 * @param limit   items to return, 1..{@value #MAX_LIMIT}
 * @param query   search text (search only), trimmed
 * @param explain whether to add SHAP contributions and the seller-trust breakdown
 * @param device  ios, android or web, or null
 */
public record RankingParams(String userId, Double lat, Double lon, int limit, String query, boolean explain,
                            String device) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
    public static final int MAX_QUERY_CHARS = 200;
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final Set<String> DEVICES = Set.of("ios", "android", "web");

    /** A parameter is wrong; the message is for the client developer. */
    public static final class Invalid extends Exception {
        public Invalid(String message) {
            super(message);
        }
    }

    /** Parses and validates the raw query string of a request to {@code /feed} or {@code /search}. */
    public static RankingParams parse(String rawQuery, boolean search) throws Invalid {
        Map<String, String> p;
        try {
            p = QueryString.parse(rawQuery);
        } catch (QueryString.Malformed e) {
            throw new Invalid(e.getMessage());
        }
        String userId = p.get("user_id");
        if (userId != null && !userId.isEmpty() && !USER_ID.matcher(userId).matches()) {
            throw new Invalid("user_id must be 1-128 characters of letters, digits, '_', '.', ':' or '-'");
        }
        if (userId != null && userId.isEmpty()) {
            userId = null;
        }
        String latRaw = blankToNull(p.get("lat"));
        String lonRaw = blankToNull(p.get("lon"));
        if (latRaw == null != (lonRaw == null)) {
            throw new Invalid("lat and lon go together: " + (latRaw == null ? "lat" : "lon") + " is missing");
        }
        Double lat = latRaw == null ? null : coordinate("lat", latRaw);
        Double lon = lonRaw == null ? null : coordinate("lon", lonRaw);
        if (lat != null && !Thailand.contains(lat, lon)) {
            throw new Invalid("lat/lon (" + lat + ", " + lon + ") is outside the marketplace's area (Thailand)");
        }
        int limit = DEFAULT_LIMIT;
        String limitRaw = blankToNull(p.get("limit"));
        if (limitRaw != null) {
            try {
                limit = Integer.parseInt(limitRaw);
            } catch (NumberFormatException e) {
                throw new Invalid("limit must be an integer in 1.." + MAX_LIMIT);
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new Invalid("limit must be in 1.." + MAX_LIMIT + ", was " + limit);
            }
        }
        String query = null;
        if (search) {
            query = p.get("q") == null ? null : p.get("q").strip();
            if (query == null || query.isEmpty()) {
                throw new Invalid("q is required for /search");
            }
            if (query.codePointCount(0, query.length()) > MAX_QUERY_CHARS) {
                throw new Invalid("q is longer than " + MAX_QUERY_CHARS + " characters");
            }
        }
        String explainRaw = blankToNull(p.get("explain"));
        if (explainRaw != null && !explainRaw.equals("true") && !explainRaw.equals("false")) {
            throw new Invalid("explain must be true or false");
        }
        String device = blankToNull(p.get("device"));
        if (device != null && !DEVICES.contains(device)) {
            throw new Invalid("device must be one of ios, android, web");
        }
        return new RankingParams(userId, lat, lon, limit, query, "true".equals(explainRaw), device);
    }

    private static double coordinate(String name, String raw) throws Invalid {
        double v;
        try {
            v = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw new Invalid(name + " must be a decimal number of degrees");
        }
        if (!Double.isFinite(v)) {
            throw new Invalid(name + " must be a finite number");
        }
        return v;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
