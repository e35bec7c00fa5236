package io.mercator.hydration.store;

/**
 * The online store could not be reached or did not answer in time: the backend is down, a
 * connection broke, or the configured timeout passed. Distinct from a rejected command (an
 * {@link IllegalStateException}, for example an increment of a text field) so that callers can
 * count only this kind towards opening a circuit breaker; retrying later may succeed.
 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
