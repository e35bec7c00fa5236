package io.mercator.service.ops;

import io.mercator.learning.lifecycle.ModelLifecycle;
import io.mercator.learning.lifecycle.ModelTraffic;
import io.mercator.learning.registry.RegisteredModel;
import io.mercator.ranking.resilience.ComponentMetrics;
import io.mercator.service.health.Readiness;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the operations console draws: every {@link #EVERY} a sample of the service's own meters,
 * kept for an hour. Per endpoint, requests per second, error rate and latency p50/p95/p99; per
 * pipeline component, latency p50/p95/p99 and the share of calls that fell back; per projection,
 * its lag; per feature, PSI of serving against production's training distribution; per model
 * version, CTR and CVR. Percentiles are of the interval since the sample before, from the timers'
 * histograms ({@link IntervalHistogram}).
 *
 * <p>Every series is in every sample from the first, with null where there was nothing to
 * measure (no traffic yet, no PSI yet), so a chart has its lines from the first second.
 */
public final class OpsSampler {

    public static final Duration EVERY = Duration.ofSeconds(5);
    static final int KEPT = (int) (Duration.ofHours(1).toMillis() / EVERY.toMillis());
    static final List<String> ENDPOINTS = List.of("/feed", "/search", "/events");
    private static final String HTTP_TIME = "vertx.http.server.response.time";

    private final MeterRegistry registry;
    private final Readiness readiness;
    private final ModelLifecycle lifecycle;
    private final List<String> components;
    private final List<String> features;
    private final ArrayDeque<JsonObject> samples = new ArrayDeque<>(KEPT);
    private final Map<String, IntervalHistogram.Snapshot> lastLatency = new HashMap<>();
    private final Map<String, Double> lastCounts = new HashMap<>();
    private long lastAt = System.nanoTime();

    /**
     * @param components the pipeline components' ids (each pipeline's own timer is added)
     * @param features   the model's feature names, for PSI
     */
    public OpsSampler(MeterRegistry registry, Readiness readiness, ModelLifecycle lifecycle, List<String> components,
                      List<String> features) {
        this.registry = registry;
        this.readiness = readiness;
        this.lifecycle = lifecycle;
        Set<String> ids = new LinkedHashSet<>(components);
        ids.add("feed-pipeline");
        ids.add("search-pipeline");
        this.components = List.copyOf(ids);
        this.features = List.copyOf(features);
    }

    /** Takes a first sample now, then one every {@link #EVERY}, on a worker. */
    public void start(Vertx vertx) {
        vertx.executeBlocking(() -> sample(), false).onComplete(ar -> {
        });
        vertx.setPeriodic(EVERY.toMillis(), id -> vertx.executeBlocking(this::sample, false));
    }

    /** The samples taken after {@code sinceMillis} (epoch ms), oldest first. */
    public synchronized JsonObject since(long sinceMillis) {
        JsonArray out = new JsonArray();
        for (JsonObject s : samples) {
            if (Instant.parse(s.getString("at")).toEpochMilli() > sinceMillis) {
                out.add(s);
            }
        }
        return new JsonObject().put("every_seconds", EVERY.toSeconds()).put("samples", out);
    }

    private Void sample() throws Exception {
        Readiness.Report report = readiness.check().toCompletionStage().toCompletableFuture().get();
        Map<String, Double> psi = lifecycle.psi();
        synchronized (this) {
            long now = System.nanoTime();
            double seconds = Math.max(1e-3, (now - lastAt) / 1e9);
            lastAt = now;
            JsonObject sample = new JsonObject().put("at", Instant.now().toString())
                    .put("endpoints", endpoints(seconds)).put("components", components())
                    .put("lag", lag(report)).put("psi", psi(psi)).put("models", models());
            if (samples.size() == KEPT) {
                samples.removeFirst();
            }
            samples.addLast(sample);
        }
        return null;
    }

    private JsonObject endpoints(double seconds) {
        JsonObject out = new JsonObject();
        for (String path : ENDPOINTS) {
            List<Timer> timers = new ArrayList<>(registry.find(HTTP_TIME).tag("route", path).timers());
            long errors = timers.stream().filter(t -> t.getId().getTag("code") != null
                    && t.getId().getTag("code").startsWith("5")).mapToLong(Timer::count).sum();
            IntervalHistogram.Snapshot snapshot = IntervalHistogram.Snapshot.of(timers);
            IntervalHistogram.Snapshot before = lastLatency.getOrDefault("http:" + path, snapshot);
            long calls = IntervalHistogram.calls(before, snapshot);
            double errorsBefore = lastCounts.getOrDefault("errors:" + path, (double) errors);
            out.put(path, latency(before, snapshot).put("rps", calls / seconds)
                    .put("error_rate", calls == 0 ? null : (errors - errorsBefore) / calls));
            lastLatency.put("http:" + path, snapshot);
            lastCounts.put("errors:" + path, (double) errors);
        }
        return out;
    }

    private JsonObject components() {
        JsonObject out = new JsonObject();
        for (String id : components) {
            List<Timer> timers = new ArrayList<>(registry.find(ComponentMetrics.LATENCY)
                    .tag(ComponentMetrics.TAG, id).timers());
            IntervalHistogram.Snapshot snapshot = IntervalHistogram.Snapshot.of(timers);
            IntervalHistogram.Snapshot before = lastLatency.getOrDefault(id, snapshot);
            long calls = IntervalHistogram.calls(before, snapshot);
            double fallbacks = registry.find(ComponentMetrics.FALLBACKS).tag(ComponentMetrics.TAG, id).counters()
                    .stream().mapToDouble(Counter::count).sum();
            double fallbacksBefore = lastCounts.getOrDefault("fallbacks:" + id, fallbacks);
            out.put(id, latency(before, snapshot)
                    .put("fallback_rate", calls == 0 ? null : (fallbacks - fallbacksBefore) / calls));
            lastLatency.put(id, snapshot);
            lastCounts.put("fallbacks:" + id, fallbacks);
        }
        return out;
    }

    private static JsonObject latency(IntervalHistogram.Snapshot before, IntervalHistogram.Snapshot now) {
        return new JsonObject().put("p50", number(IntervalHistogram.quantileMs(before, now, 0.50)))
                .put("p95", number(IntervalHistogram.quantileMs(before, now, 0.95)))
                .put("p99", number(IntervalHistogram.quantileMs(before, now, 0.99)));
    }

    private static JsonObject lag(Readiness.Report report) {
        JsonObject out = new JsonObject();
        report.lag().forEach(out::put);
        return out;
    }

    private JsonObject psi(Map<String, Double> psi) {
        JsonObject out = new JsonObject();
        for (String f : features) {
            out.put(f, number(psi.getOrDefault(f, Double.NaN)));
        }
        return out;
    }

    private JsonObject models() {
        ModelTraffic traffic = lifecycle.monitor().traffic();
        Set<String> versions = new LinkedHashSet<>();
        lifecycle.registry().production().map(RegisteredModel::card).ifPresent(c -> versions.add(c.version()));
        lifecycle.registry().staging().map(RegisteredModel::card).ifPresent(c -> versions.add(c.version()));
        versions.addAll(traffic.all().keySet());
        JsonObject out = new JsonObject();
        for (String v : versions) {
            ModelTraffic.Counts c = traffic.of(v);
            out.put(v, new JsonObject().put("impressions", c.impressions()).put("ctr", number(c.ctr()))
                    .put("cvr", number(c.cvr())));
        }
        return out;
    }

    private static Double number(double d) {
        return Double.isFinite(d) ? Math.round(d * 10_000) / 10_000.0 : null;
    }

    /** For tests: a sample now, on the caller's thread. */
    Future<Void> sampleNow() {
        try {
            sample();
            return Future.succeededFuture();
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
    }
}
