package io.mercator.ranking;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.mercator.ranking.resilience.Scheduler;
import io.mercator.ranking.resilience.Worker;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;

/**
 * Where ranking runs and reports: meters, the named resilience registries (one breaker, limiter
 * and bulkhead per component id), the timer and the worker pool.
 *
 * @param meters       where every component's meters and the breakers' metrics go
 * @param breakers     circuit breakers by component id
 * @param timeLimiters time limiters by component id (their timeouts are the components' budgets)
 * @param bulkheads    bulkheads by component id, for components with bounded concurrency
 * @param scheduler    the timer budgets run on
 * @param worker       where blocking and CPU-heavy work runs
 */
public record RankingRuntime(MeterRegistry meters, CircuitBreakerRegistry breakers, TimeLimiterRegistry timeLimiters,
                             BulkheadRegistry bulkheads, Scheduler scheduler, Worker worker) {

    /**
     * Breakers that open when half of the last 20 calls failed (after at least 10), stay open 2 s,
     * then let 3 calls probe. Short: while a backend is down a probe costs three requests their
     * budget every 2 s, and a backend that returns is used again within about 2 s (with 5 s, the chaos
     * benchmark saw the keyword and vector recall stay off for 5-7 s after their engines answered). Load shed by a bulkhead is not a failure. Ranking calls are many and short, so a count window reacts in well
     * under a second of traffic; slow calls already fail by their budget.
     */
    public static CircuitBreakerConfig defaultBreakerConfig() {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(2))
                .permittedNumberOfCallsInHalfOpenState(3)
                // a full bulkhead is this instance shedding its own load, not a failing dependency:
                // counting it would open the breaker and degrade every request for 2 s
                .ignoreExceptions(io.github.resilience4j.bulkhead.BulkheadFullException.class)
                .build();
    }

    /** Default registries around the given meters, timer and worker. */
    public static RankingRuntime create(MeterRegistry meters, Scheduler scheduler, Worker worker) {
        return new RankingRuntime(meters, CircuitBreakerRegistry.of(defaultBreakerConfig()),
                TimeLimiterRegistry.ofDefaults(), BulkheadRegistry.ofDefaults(), scheduler, worker);
    }
}
