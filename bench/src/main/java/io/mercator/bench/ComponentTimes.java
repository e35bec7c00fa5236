package io.mercator.bench;

import io.mercator.ranking.resilience.ComponentMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Where a run's time went: the mean latency of each pipeline component over the run, from the
 * component timers the service exports (the difference between two snapshots).
 */
final class ComponentTimes {

    private final Map<String, double[]> countAndTotalMs;

    private ComponentTimes(Map<String, double[]> countAndTotalMs) {
        this.countAndTotalMs = countAndTotalMs;
    }

    static ComponentTimes snapshot(MeterRegistry registry) {
        Map<String, double[]> out = new TreeMap<>();
        for (Timer t : registry.find(ComponentMetrics.LATENCY).timers()) {
            out.put(t.getId().getTag(ComponentMetrics.TAG),
                    new double[] {t.count(), t.totalTime(TimeUnit.MILLISECONDS)});
        }
        return new ComponentTimes(out);
    }

    /**
     * The mean milliseconds per call of every component called between the snapshots (warm-up
     * included), queueing for a worker thread and time after the response (impressions) included.
     */
    String since(ComponentTimes before) {
        StringBuilder sb = new StringBuilder("  mean ms per call by component:");
        countAndTotalMs.forEach((id, now) -> {
            double[] then = before.countAndTotalMs.getOrDefault(id, new double[2]);
            double calls = now[0] - then[0];
            if (calls > 0) {
                sb.append(String.format(" %s %.2f", id, (now[1] - then[1]) / calls));
            }
        });
        return sb.toString();
    }
}
