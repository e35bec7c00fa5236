package io.mercator.release;

/**
 * The release controls of a kind cannot be reached now (the deployment that serves the model is
 * down, or cannot write to the event log): nothing was changed, try again later.
 */
public final class ReleaseUnavailable extends RuntimeException {

    public ReleaseUnavailable(String message) {
        super(message);
    }

    public ReleaseUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
