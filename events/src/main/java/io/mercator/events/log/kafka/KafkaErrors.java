package io.mercator.events.log.kafka;

import io.mercator.events.log.LogUnavailableException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Maps what the Kafka clients throw to the exceptions the {@code EventLog} port promises. */
final class KafkaErrors {

    private KafkaErrors() {
    }

    /**
     * The caller's own mistakes stay {@link IllegalArgumentException}s (retrying cannot help);
     * everything else the cluster answered or failed to answer is {@link LogUnavailableException},
     * which the HTTP layer turns into 503 with Retry-After. Messages name the operation and the
     * Kafka error class, never event contents.
     */
    static RuntimeException unavailable(String what, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof LogUnavailableException
                || cause instanceof IllegalArgumentException
                || cause instanceof IllegalStateException) {
            return (RuntimeException) cause;
        }
        if (cause instanceof RecordTooLargeException || cause instanceof InvalidTopicException
                || cause instanceof SerializationException) {
            return new IllegalArgumentException(what + " refused by Kafka: " + cause.getMessage(), cause);
        }
        return new LogUnavailableException(what + " failed: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
    }

    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
