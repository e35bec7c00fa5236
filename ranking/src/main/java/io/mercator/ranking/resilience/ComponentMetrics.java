package io.mercator.ranking.resilience;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mercator.ranking.pipeline.ComponentId;
import io.vertx.core.Future;

import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The meters of one component, all tagged {@code component=<id>}: latency (with a percentile
 * histogram so p99 can be aggregated across instances), errors by cause, and fallbacks. Created
 * once per component, so the request path only increments.
 */
public final class ComponentMetrics implements FutureDecorator {

    public static final String LATENCY = "ranking.component.latency";
    public static final String ERRORS = "ranking.component.errors";
    public static final String FALLBACKS = "ranking.component.fallbacks";
    public static final String OVERRUNS = "ranking.component.overruns";
    public static final String TAG = "component";

    private final MeterRegistry registry;
    private final Timer latency;
    private final Counter timeouts;
    private final Counter rejections;
    private final Counter failures;
    private final Counter fallbacks;
    /** Pure code cannot be stopped at its budget; calls that took longer are counted here. Null: not counted. */
    private final Counter overruns;
    private final long budgetNanos;

    public ComponentMetrics(MeterRegistry registry, ComponentId id, String fallbackName) {
        this(registry, id, fallbackName, null);
    }

    /** @param overrunAfter for pure code: calls longer than this are counted as overruns; null for none */
    public ComponentMetrics(MeterRegistry registry, ComponentId id, String fallbackName, java.time.Duration overrunAfter) {
        this.registry = registry;
        String tag = id.value();
        this.latency = Timer.builder(LATENCY).tag(TAG, tag).publishPercentileHistogram()
                .description("time a ranking component took, fallbacks excluded").register(registry);
        this.timeouts = errors(registry, tag, "timeout");
        this.rejections = errors(registry, tag, "rejected");
        this.failures = errors(registry, tag, "error");
        this.fallbacks = Counter.builder(FALLBACKS).tag(TAG, tag).tag("fallback", fallbackName == null ? "none" : fallbackName)
                .description("requests served with the component's fallback").register(registry);
        this.overruns = overrunAfter == null ? null : Counter.builder(OVERRUNS).tag(TAG, tag)
                .description("calls of pure code that took longer than the component's budget").register(registry);
        this.budgetNanos = overrunAfter == null ? Long.MAX_VALUE : overrunAfter.toNanos();
    }

    private static Counter errors(MeterRegistry registry, String tag, String cause) {
        return Counter.builder(ERRORS).tag(TAG, tag).tag("cause", cause)
                .description("failed calls by cause: timeout, rejected (breaker open or bulkhead full), error")
                .register(registry);
    }

    @Override
    public <T> Supplier<Future<T>> decorate(Supplier<Future<T>> call) {
        return () -> {
            Timer.Sample sample = Timer.start(registry);
            return FutureDecorator.invoke(call).onComplete(ar -> {
                countOverrun(sample.stop(latency));
                if (ar.failed()) {
                    countError(ar.cause());
                }
            });
        };
    }

    /** Times a synchronous component (filter, selector). */
    public <T> T time(Supplier<T> work) {
        Timer.Sample sample = Timer.start(registry);
        try {
            return work.get();
        } catch (RuntimeException e) {
            failures.increment();
            throw e;
        } finally {
            countOverrun(sample.stop(latency));
        }
    }

    private void countOverrun(long nanos) {
        if (nanos > budgetNanos) {
            overruns.increment();
        }
    }

    /** Records a duration measured by the caller (a whole pipeline run). */
    public void recordNanos(long nanos) {
        latency.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void countFallback() {
        fallbacks.increment();
    }

    private void countError(Throwable cause) {
        if (cause instanceof TimeoutException) {
            timeouts.increment();
        } else if (cause instanceof CallNotPermittedException || cause instanceof BulkheadFullException) {
            rejections.increment();
        } else {
            failures.increment();
        }
    }
}
