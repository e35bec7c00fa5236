package io.mercator.service.ops;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Latency percentiles over an interval, from the difference of a timer's cumulative histogram
 * between two snapshots (the timers publish percentile histograms for Prometheus). The quantile is
 * interpolated within its bucket; Micrometer's buckets are a few percent apart, so the figure is
 * as close as a Prometheus {@code histogram_quantile} over the same interval.
 */
final class IntervalHistogram {

    /** Upper bounds (ms) and cumulative counts of one snapshot, plus the count of all calls. */
    record Snapshot(double[] boundsMs, double[] cumulative, long count) {
        static Snapshot of(List<Timer> timers) {
            List<Double> bounds = new ArrayList<>();
            List<Double> counts = new ArrayList<>();
            long total = 0;
            for (Timer t : timers) {
                total += t.count();
                CountAtBucket[] buckets = t.takeSnapshot().histogramCounts();
                for (int i = 0; i < buckets.length; i++) {
                    double bound = buckets[i].bucket(TimeUnit.MILLISECONDS);
                    int at = bounds.indexOf(bound);
                    if (at < 0) {
                        bounds.add(bound);
                        counts.add(buckets[i].count());
                    } else {
                        counts.set(at, counts.get(at) + buckets[i].count());
                    }
                }
            }
            double[] b = bounds.stream().mapToDouble(Double::doubleValue).toArray();
            double[] c = counts.stream().mapToDouble(Double::doubleValue).toArray();
            // timers of one name share their buckets; keep them ascending whatever their order
            Integer[] order = new Integer[b.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (x, y) -> Double.compare(b[x], b[y]));
            double[] sb = new double[b.length];
            double[] sc = new double[c.length];
            for (int i = 0; i < order.length; i++) {
                sb[i] = b[order[i]];
                sc[i] = c[order[i]];
            }
            return new Snapshot(sb, sc, total);
        }
    }

    private IntervalHistogram() {
    }

    /** Calls between the snapshots. */
    static long calls(Snapshot before, Snapshot now) {
        return now.count() - before.count();
    }

    /** The q-quantile (0..1) in ms of the calls between the snapshots; NaN when there were none. */
    static double quantileMs(Snapshot before, Snapshot now, double q) {
        double total = calls(before, now);
        if (total <= 0 || now.boundsMs().length == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double previousBound = 0;
        double previousCount = 0;
        for (int i = 0; i < now.boundsMs().length; i++) {
            double count = now.cumulative()[i] - at(before, now.boundsMs()[i]);
            if (count >= rank) {
                double inBucket = count - previousCount;
                double fraction = inBucket <= 0 ? 1 : (rank - previousCount) / inBucket;
                return previousBound + fraction * (now.boundsMs()[i] - previousBound);
            }
            previousBound = now.boundsMs()[i];
            previousCount = count;
        }
        return previousBound; // beyond the last bound: the last bound is what can be said
    }

    private static double at(Snapshot s, double bound) {
        for (int i = 0; i < s.boundsMs().length; i++) {
            if (s.boundsMs()[i] == bound) {
                return s.cumulative()[i];
            }
        }
        return 0;
    }
}
