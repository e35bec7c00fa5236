package io.mercator.ranking.resilience;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.mercator.ranking.pipeline.Component;

import java.time.Duration;

/**
 * Builds each component's {@link ComponentGuard} from named registries, the name being the
 * component id. Order, outermost first: metrics (so rejected and timed-out calls are measured),
 * circuit breaker (so timeouts count as failures and an open breaker skips the budget), time
 * budget, bulkhead (innermost, so its permit follows the real work, not the budget).
 * Synchronous components (filters, selectors) get metrics only: there is nothing to time out.
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

    /** The full decorator stack for a component that returns a future. */
    public ComponentGuard guard(Component c) {
        String name = c.id().value();
        ComponentMetrics metrics = new ComponentMetrics(meters, c.id(), c.failurePolicy().fallback());
        FutureDecorator stack = FutureDecorator.identity();
        if (c.maxConcurrentCalls() > 0) {
            stack = stack.within(new ConcurrencyLimit(bulkheads.bulkhead(name, BulkheadConfig.custom()
                    .maxConcurrentCalls(c.maxConcurrentCalls()).maxWaitDuration(Duration.ZERO).build())));
        }
        stack = stack.within(new TimeBudget(timeLimiters.timeLimiter(name,
                TimeLimiterConfig.custom().timeoutDuration(c.budget()).cancelRunningFuture(false).build()), scheduler));
        stack = stack.within(new Breaker(breakers.circuitBreaker(name)));
        stack = stack.within(metrics);
        return new ComponentGuard(c, metrics, stack);
    }

    /** Metrics only, for synchronous components. */
    public ComponentGuard measure(Component c) {
        ComponentMetrics metrics = new ComponentMetrics(meters, c.id(), c.failurePolicy().fallback());
        return new ComponentGuard(c, metrics, metrics);
    }
}
