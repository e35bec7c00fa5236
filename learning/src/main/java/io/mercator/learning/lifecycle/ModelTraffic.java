package io.mercator.learning.lifecycle;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Impressions, clicks and orders per served model version, for CTR ({@code clicks / impressions})
 * and CVR ({@code orders / clicks}, as the pCVR model defines it). Fed by the
 * {@link InteractionMonitor}; read by the metrics, the admin API and the canary monitor.
 */
public final class ModelTraffic {

    /**
     * Counts of one version.
     *
     * @param impressions listings shown
     * @param clicks      distinct (request, listing) pairs clicked
     * @param orders      orders attributed to its requests
     */
    public record Counts(long impressions, long clicks, long orders) {
        public static final Counts ZERO = new Counts(0, 0, 0);

        public double ctr() {
            return impressions == 0 ? 0 : clicks / (double) impressions;
        }

        public double cvr() {
            return clicks == 0 ? 0 : orders / (double) clicks;
        }

        /** What happened after {@code earlier}: a counter's increase. */
        public Counts minus(Counts earlier) {
            return new Counts(impressions - earlier.impressions, clicks - earlier.clicks, orders - earlier.orders);
        }
    }

    private final Map<String, LongAdder[]> byVersion = new ConcurrentHashMap<>();

    void impression(String version) {
        impressions(version, 1);
    }

    void impressions(String version, int shown) {
        adders(version)[0].add(shown);
    }

    void click(String version) {
        adders(version)[1].increment();
    }

    void order(String version) {
        adders(version)[2].increment();
    }

    private LongAdder[] adders(String version) {
        return byVersion.computeIfAbsent(version, v -> new LongAdder[]{new LongAdder(), new LongAdder(), new LongAdder()});
    }

    public Counts of(String version) {
        LongAdder[] a = byVersion.get(version);
        return a == null ? Counts.ZERO : new Counts(a[0].sum(), a[1].sum(), a[2].sum());
    }

    /** Every version seen, by name. */
    public Map<String, Counts> all() {
        Map<String, Counts> out = new TreeMap<>();
        for (String v : byVersion.keySet()) {
            out.put(v, of(v));
        }
        return out;
    }
}
