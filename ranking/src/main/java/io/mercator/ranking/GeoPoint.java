package io.mercator.ranking;

/** A point in degrees; distances to listings are measured from it. */
public record GeoPoint(double lat, double lon) {

    public GeoPoint {
        if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
            throw RankingFailure.badRequest("lat/lon out of range: " + lat + "," + lon);
        }
    }
}
