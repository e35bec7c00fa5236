package io.mercator.ranking.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything the runner needs to know about a component besides what it does: its id, its time
 * budget, what its failure does, and how many calls it may have in flight. Each component class
 * declares its default spec as a constant beside its code; the configuration may change the budget
 * (and the concurrency) under the component's id.
 *
 * @param id                 the stable id: metric tag, log field, config key, {@code degraded} entry
 * @param budget             how long one call may take before it counts as failed; for pure code
 *                           (which cannot be interrupted) it documents the expectation
 * @param failurePolicy      what a failure does to the request
 * @param maxConcurrentCalls calls allowed at once, 0 for no bound: set where the work holds scarce
 *                           threads (LightGBM on the worker pool), so a burst is shed, not queued
 */
public record ComponentSpec(ComponentId id, Duration budget, FailurePolicy failurePolicy, int maxConcurrentCalls) {

    /** What a pure-code component (a filter, a selector) is expected to take. */
    public static final Duration PURE_CODE_BUDGET = Duration.ofMillis(2);

    public ComponentSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(failurePolicy, "failurePolicy");
        if (budget == null || budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("budget of " + id + " must be positive");
        }
        if (maxConcurrentCalls < 0) {
            throw new IllegalArgumentException("maxConcurrentCalls of " + id + " must not be negative");
        }
    }

    /**
     * Pure code over memory (the query, the candidates, the catalog): it cannot be "down", so a
     * failure is a bug and fails the request.
     */
    public static ComponentSpec pureCode(String id) {
        return new ComponentSpec(ComponentId.of(id), PURE_CODE_BUDGET, FailurePolicy.failClosed(), 0);
    }

    /** A component whose failure leaves its contribution out ({@code fallback} names what is served instead). */
    public static ComponentSpec failOpen(String id, Duration budget, String fallback) {
        return new ComponentSpec(ComponentId.of(id), budget, FailurePolicy.failOpen(fallback), 0);
    }

    /** A component whose failure is covered by a named substitute. */
    public static ComponentSpec fallbackTo(String id, Duration budget, String fallback) {
        return new ComponentSpec(ComponentId.of(id), budget, FailurePolicy.fallbackTo(fallback), 0);
    }

    public ComponentSpec withBudget(Duration d) {
        return new ComponentSpec(id, d, failurePolicy, maxConcurrentCalls);
    }

    public ComponentSpec withMaxConcurrentCalls(int n) {
        return new ComponentSpec(id, budget, failurePolicy, n);
    }

    /** Whether a failure is replaced by a fallback; such a component is guarded (budget, breaker, bulkhead). */
    public boolean recovers() {
        return failurePolicy.recovers();
    }
}
