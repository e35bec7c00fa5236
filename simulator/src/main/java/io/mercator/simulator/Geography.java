package io.mercator.simulator;

import io.mercator.events.Geo;
import io.mercator.events.Thailand;

import java.util.random.RandomGenerator;

/** Where people and items are: provinces drawn by their weight, points scattered around the capital. */
final class Geography {

    /** Provinces whose capitals are this close count as "nearby" for candidate generation. */
    static final double NEARBY_KM = 120;
    /** Spread of points around a provincial capital, in degrees (about 9 km). */
    private static final double JITTER_DEG = 0.08;
    private static final double MAX_JITTER_DEG = 0.3;

    static final int PROVINCES = Thailand.PROVINCES.size();
    private static final WeightedChoice BY_WEIGHT;
    /** For every province, the provinces within {@link #NEARBY_KM} (itself included). */
    private static final int[][] NEARBY;

    static {
        double[] w = new double[PROVINCES];
        NEARBY = new int[PROVINCES][];
        for (int i = 0; i < PROVINCES; i++) {
            Thailand.Province p = Thailand.PROVINCES.get(i);
            w[i] = p.weight();
            int[] near = new int[PROVINCES];
            int n = 0;
            for (int j = 0; j < PROVINCES; j++) {
                Thailand.Province q = Thailand.PROVINCES.get(j);
                if (Geo.haversineKm(p.lat(), p.lon(), q.lat(), q.lon()) <= NEARBY_KM) {
                    near[n++] = j;
                }
            }
            NEARBY[i] = java.util.Arrays.copyOf(near, n);
        }
        BY_WEIGHT = new WeightedChoice(w);
    }

    private Geography() {
    }

    static int drawProvince(RandomGenerator rng) {
        return BY_WEIGHT.draw(rng);
    }

    static int[] nearby(int province) {
        return NEARBY[province];
    }

    static String name(int province) {
        return Thailand.PROVINCES.get(province).name();
    }

    /** A point around the province's capital, kept inside Thailand's box. */
    static GeoPoint around(int province, RandomGenerator rng) {
        Thailand.Province p = Thailand.PROVINCES.get(province);
        double lat = p.lat() + clamp(rng.nextGaussian() * JITTER_DEG, -MAX_JITTER_DEG, MAX_JITTER_DEG);
        double lon = p.lon() + clamp(rng.nextGaussian() * JITTER_DEG, -MAX_JITTER_DEG, MAX_JITTER_DEG);
        lat = clamp(lat, Thailand.MIN_LAT, Thailand.MAX_LAT);
        lon = clamp(lon, Thailand.MIN_LON, Thailand.MAX_LON);
        // rounded to about 10 m, as apps report them, which also keeps the wire form short
        return new GeoPoint(Math.round(lat * 1e4) / 1e4, Math.round(lon * 1e4) / 1e4);
    }

    static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
