package io.mercator.autoboost;

import java.util.Arrays;

/**
 * How the marketplace's traffic spreads over the hours of the day: weights per hour (UTC), learned
 * by the ledger from the lists served on the log. Pacing follows it, so a campaign's ideal spend
 * grows fast in the evening peak and barely at 4 a.m., instead of in a straight line that the
 * night can never keep up with.
 */
public final class TrafficShape {

    /** Equal weight for every hour: straight-line pacing, used until the log has traffic to learn from. */
    public static final TrafficShape FLAT = new TrafficShape(flat());

    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;

    private final double[] weight;
    /** cumulative[h]: the weight of hours 0..h-1 of a day. */
    private final double[] cumulative = new double[25];

    public TrafficShape(double[] hourlyWeights) {
        if (hourlyWeights.length != 24) {
            throw new IllegalArgumentException("24 hourly weights expected, got " + hourlyWeights.length);
        }
        weight = hourlyWeights.clone();
        for (int h = 0; h < 24; h++) {
            if (!(weight[h] > 0)) {
                throw new IllegalArgumentException("hourly weights must be positive");
            }
            cumulative[h + 1] = cumulative[h] + weight[h];
        }
    }

    /** The shape of observed counts per UTC hour, each smoothed by one; flat when nothing was counted. */
    public static TrafficShape ofCounts(long[] perHour) {
        if (Arrays.stream(perHour).sum() == 0) {
            return FLAT;
        }
        double[] w = new double[24];
        for (int h = 0; h < 24; h++) {
            w[h] = perHour[h] + 1;
        }
        return new TrafficShape(w);
    }

    /** The share of the traffic between {@code start} and {@code end} that comes before {@code now}. */
    public double share(long start, long end, long now) {
        if (end <= start || now >= end) {
            return 1;
        }
        if (now <= start) {
            return 0;
        }
        return (upTo(now) - upTo(start)) / (upTo(end) - upTo(start));
    }

    /** Weight from the epoch to {@code ts}. */
    private double upTo(long ts) {
        long day = Math.floorDiv(ts, DAY);
        long intoDay = Math.floorMod(ts, DAY);
        int hour = (int) (intoDay / HOUR);
        double intoHour = (double) (intoDay % HOUR) / HOUR;
        return day * cumulative[24] + cumulative[hour] + intoHour * weight[hour];
    }

    private static double[] flat() {
        double[] w = new double[24];
        Arrays.fill(w, 1);
        return w;
    }
}
