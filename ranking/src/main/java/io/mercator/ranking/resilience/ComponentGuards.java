package io.mercator.ranking.resilience;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.mercator.ranking.pipeline.Component;
import io.mercator.ranking.pipeline.ComponentSpec;

import java.time.Duration;

/**
 * Builds each component's {@link ComponentGuard} from named registries, the name being the
 * component id. Order, outermost first: metrics (so rejected and timed-out calls are measured),
 * circuit breaker (so timeouts count as failures and an open breaker skips the budget), time
 * budget, bulkhead (innermost, so its permit follows the real work, not the budget).
 * Pure code (filters, selectors) gets metrics only: there is nothing to time out or break.
 */
public final class ComponentGuards {

    private final MeterRegistry meters;
    private final CircuitBreakerRegistry breakers;
    private final TimeLimiterRegistry timeLimiters;
    private final BulkheadRegistry bulkheads;
    private final Scheduler scheduler;

    public ComponentGuards(MeterRegistry meters, CircuitBreakerRegistry breakers, TimeLimiterRegistry timeLimiters,
                           BulkheadRegistry bulkheads, Scheduler scheduler) {
        this.meters = meters;
        this.breakers = breakers;
        this.timeLimiters = timeLimiters;
        this.bulkheads = bulkheads;
        this.scheduler = scheduler;
    }

    /** The full decorator stack for a component that returns a future, as its spec says. */
    public ComponentGuard guard(Component c) {
        return guard(c.spec());
    }

    /** The full decorator stack for a component with this (configured) spec. */
    public ComponentGuard guard(ComponentSpec spec) {
        String name = spec.id().value();
        ComponentMetrics metrics = new ComponentMetrics(meters, spec.id(), spec.failurePolicy().fallback());
        FutureDecorator stack = FutureDecorator.identity();
        if (spec.maxConcurrentCalls() > 0) {
            stack = stack.within(new ConcurrencyLimit(bulkheads.bulkhead(name, BulkheadConfig.custom()
                    .maxConcurrentCalls(spec.maxConcurrentCalls()).maxWaitDuration(Duration.ZERO).build())));
        }
        stack = stack.within(new TimeBudget(timeLimiters.timeLimiter(name,
                TimeLimiterConfig.custom().timeoutDuration(spec.budget()).cancelRunningFuture(false).build()), scheduler));
        stack = stack.within(new Breaker(breakers.circuitBreaker(name)));
        stack = stack.within(metrics);
        return new ComponentGuard(spec, metrics, stack);
    }

    /** Metrics only, for pure code: a call longer than the budget is counted as an overrun. */
    public ComponentGuard measure(ComponentSpec spec) {
        ComponentMetrics metrics = new ComponentMetrics(meters, spec.id(), spec.failurePolicy().fallback(),
                spec.budget());
        return new ComponentGuard(spec, metrics, metrics);
    }
}
