package io.mercator.autoboost;

import java.util.Arrays;

/**
 * Whole-number counts per hour of event time over the last {@link #HOURS} hours: views, sponsored
 * impressions, clicks. Integer sums in hour buckets make the projection exact and independent of
 * the order the log's partitions are read in: a replay rebuilds the same numbers bit for bit. An
 * event more than {@code HOURS} hours older than the newest in its bucket is dropped, whatever
 * the order they arrive in.
 */
final class HourlyCounts {

    static final int HOURS = 72;
    static final long HOUR_MILLIS = 3_600_000L;

    private final long[] hourOf = new long[HOURS];
    private final long[] count = new long[HOURS];

    HourlyCounts() {
        Arrays.fill(hourOf, Long.MIN_VALUE);
    }

    static long hour(long ts) {
        return Math.floorDiv(ts, HOUR_MILLIS);
    }

    void add(long ts, long n) {
        long h = hour(ts);
        int i = (int) Math.floorMod(h, (long) HOURS);
        if (hourOf[i] > h) {
            return;
        }
        if (hourOf[i] < h) {
            hourOf[i] = h;
            count[i] = 0;
        }
        count[i] += n;
    }

    /** Sum over the hours {@code from..to}, both included. */
    long sum(long fromHour, long toHour) {
        long s = 0;
        for (int i = 0; i < HOURS; i++) {
            if (hourOf[i] >= fromHour && hourOf[i] <= toHour) {
                s += count[i];
            }
        }
        return s;
    }

    /** Sum with each hour weighted by {@code 2^(-age/halfLife)}, age in hours before {@code nowHour}. */
    double decayed(long nowHour, double halfLifeHours) {
        double s = 0;
        for (int i = 0; i < HOURS; i++) {
            long age = nowHour - hourOf[i];
            if (hourOf[i] != Long.MIN_VALUE && age >= 0 && age < HOURS) {
                s += count[i] * Math.pow(2, -age / halfLifeHours);
            }
        }
        return s;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        long[] hours = hourOf.clone();
        Arrays.sort(hours);
        for (long h : hours) {
            if (h != Long.MIN_VALUE) {
                b.append(h).append('=').append(count[(int) Math.floorMod(h, (long) HOURS)]).append(' ');
            }
        }
        return b.append('}').toString();
    }
}
