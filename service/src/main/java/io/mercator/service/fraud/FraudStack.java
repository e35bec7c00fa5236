package io.mercator.service.fraud;

import io.mercator.events.Event;
import io.mercator.events.log.EventLog;
import io.mercator.events.projection.Projection;
import io.mercator.fraud.features.FraudFeatureProjection;
import io.mercator.fraud.gate.PrecisionGate;
import io.mercator.fraud.loop.FraudLabels;
import io.mercator.fraud.loop.FraudLoop;
import io.mercator.fraud.loop.FraudModelStore;
import io.mercator.service.config.MercatorConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wires the fraud loop: its two projections (the fraud features of every listing, moderators'
 * decisions as labels) and a timer that runs {@link FraudLoop#refresh} on a worker and appends what
 * it decided to the log (automatic removals, flags for the queue, audits). Logic lives in
 * {@link FraudLoop}.
 */
public final class FraudStack {

    private static final Logger LOG = LoggerFactory.getLogger(FraudStack.class);

    private final FraudFeatureProjection cases = new FraudFeatureProjection();
    private final FraudLabels labels = new FraudLabels();
    private final FraudLoop loop;
    private final MercatorConfig.Fraud config;
    private final EventLog log;
    private final MeterRegistry registry;
    private final AtomicBoolean running = new AtomicBoolean();

    /** @param dataDir where the fraud-model registry lives ({@code fraud-models/}) */
    public FraudStack(MeterRegistry registry, MercatorConfig.Fraud config, EventLog log, java.nio.file.Path dataDir) {
        this.config = config;
        this.log = log;
        this.registry = registry;
        this.loop = new FraudLoop(cases, labels, new FraudLoop.Settings(config.retrainEvery(), config.minListings(),
                new PrecisionGate(config.precisionTarget(), config.reviewFloor(), config.anomalyReviewAt()),
                config.labelNoise(), config.auditShare(), 20261207L), new FraudModelStore(dataDir));
        Gauge.builder("mercator.fraud.labels", labels, FraudLabels::decisions)
                .description("moderators' decisions on fraud so far, the labels the fraud models learn from").register(registry);
        Gauge.builder("mercator.fraud.gate.open", loop, l -> l.gateOpen() ? 1 : 0)
                .description("1 while audits assure the precision target and the fraud model removes listings alone")
                .register(registry);
    }

    public List<Projection> projections() {
        return config.enabled() ? List.of(cases, labels) : List.of();
    }

    /** Starts the timer (nothing when the loop is off). */
    public void start(Vertx vertx) {
        if (!config.enabled()) {
            return;
        }
        vertx.setPeriodic(config.refreshSeconds() * 1_000L, id -> {
            if (!running.compareAndSet(false, true)) {
                return; // the previous refresh is still training
            }
            vertx.executeBlocking(() -> loop.refresh(System.currentTimeMillis()), false)
                    .compose(events -> events.isEmpty() ? io.vertx.core.Future.succeededFuture(events)
                            : log.append(events).map(ack -> events).onFailure(e -> loop.unwritten(events)))
                    .onSuccess(this::count)
                    .onFailure(e -> LOG.warn("fraud loop refresh failed: {}", e.toString()))
                    .onComplete(ar -> running.set(false));
        });
    }

    private void count(List<Event> events) {
        for (Event e : events) {
            if (!e.id().startsWith("fraud-model:")) {
                continue; // a shadow candidate's answers (model.shadow_scored), not the model's actions
            }
            String what = e.id().substring("fraud-model:".length(), e.id().indexOf(':', "fraud-model:".length()));
            Counter.builder("mercator.fraud.model.events").tag("action", what)
                    .description("what the fraud model wrote: automatic removals, audit requests, listings to review")
                    .register(registry).increment();
        }
    }

    public FraudLoop loop() {
        return loop;
    }
}
