package io.mercator.events;

/** Great-circle distance, used by the distance filter, the simulator and the features. */
public final class Geo {

    private static final double EARTH_RADIUS_KM = 6371.0088;

    private Geo() {
    }

    /** Haversine distance in kilometres between two points given in degrees. */
    public static double haversineKm(double lat1, double lon1, double lat2, double lon2) {
        double sinHalfLat = Math.sin(Math.toRadians(lat2 - lat1) / 2);
        double sinHalfLon = Math.sin(Math.toRadians(lon2 - lon1) / 2);
        double a = sinHalfLat * sinHalfLat
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * sinHalfLon * sinHalfLon;
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(a)));
    }
}
