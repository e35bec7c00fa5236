package io.mercator.bench;

import java.util.Arrays;

/** Collects latency samples and prints percentiles; enough for the sample counts benchmarks take. */
final class LatencyStats {

    private long[] nanos = new long[1024];
    private int n;

    void add(long sampleNanos) {
        if (n == nanos.length) {
            nanos = Arrays.copyOf(nanos, n * 2);
        }
        nanos[n++] = sampleNanos;
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
}
