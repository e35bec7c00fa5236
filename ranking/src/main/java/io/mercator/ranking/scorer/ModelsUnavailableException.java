package io.mercator.ranking.scorer;

/**
 * No click models are loaded (none trained yet, or the registry is unreachable): an expected
 * condition that the scorer's fallback covers, so no stack trace.
 */
public final class ModelsUnavailableException extends RuntimeException {

    public ModelsUnavailableException(String message) {
        super(message, null, false, false);
    }
}
