package io.mercator.autoboost;

/**
 * A listing's momentum: its views per hour over the last hour or so against its baseline, the
 * 24 hours before that, each smoothed by one view per hour so a listing with a handful of views
 * does not swing. 1 is steady, 3 is three times its usual pace; a listing never viewed is 1.
 */
final class Momentum {

    /** Views per hour added to both rates. */
    static final double SMOOTHING = 1;

    private Momentum() {
    }

    static double of(HourlyCounts views, long now) {
        long hour = HourlyCounts.hour(now);
        double intoHour = (double) Math.floorMod(now, HourlyCounts.HOUR_MILLIS) / HourlyCounts.HOUR_MILLIS;
        double recent = views.sum(hour - 1, hour) / (1 + intoHour);
        double baseline = views.sum(hour - 25, hour - 2) / 24.0;
        return (recent + SMOOTHING) / (baseline + SMOOTHING);
    }
}
