package io.mercator.service.metrics;

import io.mercator.events.projection.ProjectionRunner;
import io.mercator.service.health.Readiness;
import io.mercator.service.intake.IntakeResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;

/** Mercator's own meters: intake outcomes and, per projection, applied events, duplicates, failures and lag. */
public final class ServiceMetrics {

    private final MeterRegistry registry;
    private final Counter eventsAccepted;
    private final Counter eventsRejected;

    public ServiceMetrics(MeterRegistry registry, List<ProjectionRunner> runners, Readiness readiness) {
        this.registry = registry;
        this.eventsAccepted = Counter.builder("mercator.events.accepted")
                .description("events appended to the log through POST /events").register(registry);
        this.eventsRejected = Counter.builder("mercator.events.rejected")
                .description("events refused by the validation gate").register(registry);
        // every outcome exists from the start, so alerts on a rate see a series on a fresh instance
        for (String outcome : new String[]{"accepted", "rejected", "malformed", "unavailable"}) {
            registry.counter("mercator.intake.batches", "outcome", outcome);
        }
        for (ProjectionRunner r : runners) {
            FunctionCounter.builder("mercator.projection.applied", r, ProjectionRunner::appliedEvents)
                    .tag("projection", r.id()).description("events applied").register(registry);
            FunctionCounter.builder("mercator.projection.duplicates", r, ProjectionRunner::duplicateEvents)
                    .tag("projection", r.id()).description("redelivered events dropped by id").register(registry);
            FunctionCounter.builder("mercator.projection.failures", r, ProjectionRunner::failures)
                    .tag("projection", r.id()).description("failed reads or applies, retried").register(registry);
            Gauge.builder("mercator.projection.lag", readiness, rd -> rd.lastLag().getOrDefault(r.id(), 0L))
                    .tag("projection", r.id()).description("events not yet applied (as of the last readiness check)")
                    .register(registry);
        }
    }

    /** Counts one intake outcome. */
    public void record(IntakeResult result) {
        String outcome = switch (result) {
            case IntakeResult.Accepted a -> {
                eventsAccepted.increment(a.count());
                yield "accepted";
            }
            case IntakeResult.Rejected r -> {
                eventsRejected.increment(r.rejections().size());
                yield "rejected";
            }
            case IntakeResult.Malformed m -> "malformed";
            case IntakeResult.Unavailable u -> "unavailable";
        };
        registry.counter("mercator.intake.batches", "outcome", outcome).increment();
    }
}
