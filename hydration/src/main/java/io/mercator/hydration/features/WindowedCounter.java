package io.mercator.hydration.features;

import java.util.Map;

/**
 * A sliding-window counter kept as bucketed hash fields: {@code <name>@<bucketIndex>}, where the
 * bucket index is {@code floorDiv(eventTime, bucketMillis)}. Writers increment the bucket of the
 * event's time and delete buckets that have left the window; readers sum the buckets that lie in
 * the window as of a time they choose.
 *
 * <p>Bucket boundaries come from event time only, so the stored state is a pure function of the
 * events. The window as of {@code now} is the {@code windowMillis / bucketMillis} buckets ending
 * with the bucket of {@code now}: every counted event lies in {@code (now - window, now]}, and up to
 * one bucket of the oldest events is already left out (the price of not storing raw events).
 *
 * @param name         field prefix, for example {@code views}
 * @param bucketMillis bucket width
 * @param windowMillis window length, a multiple of the bucket width
 */
public record WindowedCounter(String name, long bucketMillis, long windowMillis) {

    public WindowedCounter {
        if (bucketMillis <= 0 || windowMillis < bucketMillis || windowMillis % bucketMillis != 0) {
            throw new IllegalArgumentException("window must be a positive multiple of the bucket width");
        }
    }

    /** Number of buckets in the window. */
    public long buckets() {
        return windowMillis / bucketMillis;
    }

    /** The bucket an event time falls in. */
    public long bucketOf(long timeMillis) {
        return Math.floorDiv(timeMillis, bucketMillis);
    }

    /** The oldest bucket still inside the window as of {@code nowMillis}. */
    public long firstLiveBucket(long nowMillis) {
        return bucketOf(nowMillis) - buckets() + 1;
    }

    /** The hash field of a bucket. */
    public String field(long bucket) {
        return name + '@' + bucket;
    }

    /** Sums the buckets of a hash that are inside the window as of {@code nowMillis}. */
    public double sum(Map<String, String> hash, long nowMillis) {
        return buckets(hash).sum(this, nowMillis);
    }

    /**
     * This counter's buckets in a hash, parsed: for a row decoded once and summed at many times.
     * A field whose index or count does not parse counts as nothing rather than failing a request.
     */
    public Buckets buckets(Map<String, String> hash) {
        int prefix = name.length();
        long[] index = new long[8];
        double[] count = new double[8];
        int n = 0;
        for (Map.Entry<String, String> e : hash.entrySet()) {
            String f = e.getKey();
            // parse the bucket index in place: no substring per field
            if (f.length() > prefix + 1 && f.charAt(prefix) == '@' && f.startsWith(name)) {
                try {
                    long bucket = Long.parseLong(f, prefix + 1, f.length(), 10);
                    double value = Double.parseDouble(e.getValue());
                    if (n == index.length) {
                        index = java.util.Arrays.copyOf(index, n * 2);
                        count = java.util.Arrays.copyOf(count, n * 2);
                    }
                    index[n] = bucket;
                    count[n++] = value;
                } catch (NumberFormatException ex) {
                    // corrupt: skipped
                }
            }
        }
        return new Buckets(java.util.Arrays.copyOf(index, n), java.util.Arrays.copyOf(count, n));
    }

    /**
     * Parsed buckets of one counter: index and count, in no particular order. Never modified.
     *
     * @param index bucket indexes
     * @param count the count of each
     */
    public record Buckets(long[] index, double[] count) {
        public static final Buckets NONE = new Buckets(new long[0], new double[0]);

        /** The sum of the buckets inside {@code counter}'s window as of {@code nowMillis}. */
        public double sum(WindowedCounter counter, long nowMillis) {
            long first = counter.firstLiveBucket(nowMillis);
            long last = counter.bucketOf(nowMillis);
            double total = 0;
            for (int i = 0; i < index.length; i++) {
                if (index[i] >= first && index[i] <= last) {
                    total += count[i];
                }
            }
            return total;
        }
    }
}
