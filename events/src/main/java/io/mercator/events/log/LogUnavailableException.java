package io.mercator.events.log;

/**
 * The log cannot take or serve events right now (broker down, disk full). Nothing of the failed
 * call was acknowledged; the caller may retry the whole batch, which is safe because every
 * projection de-duplicates by event id.
 */
public class LogUnavailableException extends RuntimeException {

    public LogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
