package io.mercator.bench;

import java.util.Arrays;

/**
 * Collects latency samples and prints percentiles; enough for the sample counts benchmarks take.
 * It also counts the samples slower than {@link #SLOW_MILLIS} by the second of the run they were
 * sent in: a tail made of a few bad seconds (a collection, a neighbour on the machine) reads
 * differently from one spread over the whole run (queueing).
 */
final class LatencyStats {

    /** The /feed target at 200 candidates. */
    static final int SLOW_MILLIS = 10;

    private long[] nanos = new long[1024];
    private int n;
    private int[] slowBySecond = new int[0];

    /** A sample with no time of sending: in the percentiles, not in the timeline. */
    void add(long sampleNanos) {
        if (n == nanos.length) {
            nanos = Arrays.copyOf(nanos, n * 2);
        }
        nanos[n++] = sampleNanos;
    }

    /** A sample sent {@code sentAfterNanos} after the measured run began. */
    void add(long sampleNanos, long sentAfterNanos) {
        add(sampleNanos);
        if (sampleNanos > SLOW_MILLIS * 1_000_000L) {
            int second = (int) Math.max(0, sentAfterNanos / 1_000_000_000L);
            if (second >= slowBySecond.length) {
                slowBySecond = Arrays.copyOf(slowBySecond, second + 1);
            }
            slowBySecond[second]++;
        }
    }

    /** Adds every sample of {@code other} (its timeline aside): pooling runs of one condition. */
    void addAll(LatencyStats other) {
        for (int i = 0; i < other.n; i++) {
            add(other.nanos[i]);
        }
    }

    int count() {
        return n;
    }

    double percentileMillis(double p) {
        if (n == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, n);
        Arrays.sort(sorted);
        int idx = (int) Math.ceil(p / 100.0 * n) - 1;
        return sorted[Math.max(0, Math.min(n - 1, idx))] / 1e6;
    }

    String summary() {
        return String.format("n=%d p50=%.3f ms p95=%.3f ms p99=%.3f ms max=%.3f ms",
                n, percentileMillis(50), percentileMillis(95), percentileMillis(99), percentileMillis(100));
    }

    /** For example {@code "over 10 ms by second sent: 0 0 14 0 2"}: one count per second of the run. */
    String slowTimeline() {
        StringBuilder sb = new StringBuilder("over " + SLOW_MILLIS + " ms by second sent:");
        for (int count : slowBySecond) {
            sb.append(' ').append(count);
        }
        return slowBySecond.length == 0 ? "none over " + SLOW_MILLIS + " ms" : sb.toString();
    }
}
