package io.mercator.ranking.pipeline;

import java.time.Duration;

/**
 * What every pipeline component declares, whatever its kind: a stable id, a time budget and what
 * its failure does. The kinds (candidate source, filter, hydrator, scorer, selector, side effect)
 * each add one method.
 */
public interface Component {

    ComponentId id();

    /**
     * How long one call may take before it counts as failed. Synchronous components (filters,
     * selectors) cannot be interrupted; for them the budget only documents the expectation.
     */
    Duration budget();

    FailurePolicy failurePolicy();

    /**
     * Calls allowed at once, 0 for no bound. Set it where the work holds scarce threads (LightGBM
     * on the worker pool) so a burst is shed instead of queued behind the pool.
     */
    default int maxConcurrentCalls() {
        return 0;
    }
}
