package io.mercator.ranking.pipeline;

/**
 * What a component's failure (error, time budget spent, breaker open, bulkhead full) does to the
 * request. Declared by every component so a reader sees the fallback next to the component, and
 * the runner needs no knowledge of particular components.
 */
public sealed interface FailurePolicy {

    /** Continue without the component's contribution (a candidate source adds nothing). */
    static FailurePolicy failOpen(String fallback) {
        return new FailOpen(fallback);
    }

    /** Continue with a named substitute (another scorer, the popularity lists...). */
    static FailurePolicy fallbackTo(String fallback) {
        return new FallbackTo(fallback);
    }

    /**
     * Fail the request: the component is pure code, so a failure is a programmer or configuration
     * error that must be seen, not hidden behind a degraded response.
     */
    static FailurePolicy failClosed() {
        return FailClosed.INSTANCE;
    }

    /** The fallback's name, a kebab-case string like a component id; null when failing closed. */
    String fallback();

    /** Whether a failure is replaced by a fallback (and the response marked degraded). */
    default boolean recovers() {
        return !(this instanceof FailClosed);
    }

    /** @param fallback what the response is served without, e.g. {@code keyword-only} */
    record FailOpen(String fallback) implements FailurePolicy {
        public FailOpen {
            requireName(fallback);
        }
    }

    /** @param fallback the substitute, e.g. {@code popular-in-region} */
    record FallbackTo(String fallback) implements FailurePolicy {
        public FallbackTo {
            requireName(fallback);
        }
    }

    /** No fallback: the failure propagates. */
    record FailClosed() implements FailurePolicy {
        static final FailClosed INSTANCE = new FailClosed();

        @Override
        public String fallback() {
            return null;
        }
    }

    private static void requireName(String fallback) {
        if (!ComponentId.isValid(fallback)) {
            throw new IllegalArgumentException("fallback name must be lower-case kebab case: " + fallback);
        }
    }
}
