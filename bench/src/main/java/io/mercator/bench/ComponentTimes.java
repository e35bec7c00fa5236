package io.mercator.bench;

import io.mercator.ranking.resilience.ComponentMetrics;
import io.mercator.ranking.resilience.Worker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Where a run's time went: the mean latency of each pipeline component over the run, and how many
 * of its calls took longer than {@link #SLOW_MS}, from the component timers the service exports
 * (their histograms; the difference between two snapshots). The whole pipeline's timer
 * ({@code feed-pipeline}) against the answers a client saw over 10 ms tells how much of a slow
 * answer happened outside the pipeline: waiting for an event loop, in the HTTP layer, or in the
 * load generator.
 */
final class ComponentTimes {

    /** A call slower than this counts as slow (the histogram bucket at or below it, about 10 ms). */
    static final double SLOW_MS = 10;

    /** Per component: calls, total ms, calls at or below the slow bucket. */
    private final Map<String, double[]> countTotalAndFast;

    private ComponentTimes(Map<String, double[]> countTotalAndFast) {
        this.countTotalAndFast = countTotalAndFast;
    }

    static ComponentTimes snapshot(MeterRegistry registry) {
        Map<String, double[]> out = new TreeMap<>();
        List<Timer> timers = new ArrayList<>(registry.find(ComponentMetrics.LATENCY).timers());
        // the wait for a worker thread, as if a component: time between components on a busy machine
        timers.addAll(registry.find(Worker.QUEUE_WAIT).timers());
        for (Timer t : timers) {
            double fast = 0;
            for (CountAtBucket b : t.takeSnapshot().histogramCounts()) {
                if (b.bucket(TimeUnit.MILLISECONDS) <= SLOW_MS) {
                    fast = b.count();
                }
            }
            String id = t.getId().getName().equals(Worker.QUEUE_WAIT) ? "worker-queue" : t.getId().getTag(ComponentMetrics.TAG);
            out.put(id,
                    new double[] {t.count(), t.totalTime(TimeUnit.MILLISECONDS), fast});
        }
        return new ComponentTimes(out);
    }

    /**
     * The mean milliseconds per call of every component called between the snapshots (warm-up
     * included), queueing for a worker thread and time after the response (impressions) included.
     */
    String since(ComponentTimes before) {
        StringBuilder sb = new StringBuilder("  mean ms per call by component:");
        StringBuilder slow = new StringBuilder("\n  calls over ~" + (int) SLOW_MS + " ms by component:");
        countTotalAndFast.forEach((id, now) -> {
            double[] then = before.countTotalAndFast.getOrDefault(id, new double[3]);
            double calls = now[0] - then[0];
            if (calls > 0) {
                sb.append(String.format(" %s %.2f", id, (now[1] - then[1]) / calls));
                double over = calls - (now[2] - then[2]);
                if (over > 0) {
                    slow.append(String.format(" %s %.0f", id, over));
                }
            }
        });
        return sb.append(slow).toString();
    }
}
