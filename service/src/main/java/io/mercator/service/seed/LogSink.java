package io.mercator.service.seed;

import io.mercator.events.Event;
import io.mercator.events.log.EventLog;
import io.mercator.simulator.EventSink;

import java.util.List;
import java.util.concurrent.ExecutionException;

/** Appends simulator batches to the log and waits for each acknowledgement (back-pressure). */
public final class LogSink implements EventSink {

    private final EventLog log;

    public LogSink(EventLog log) {
        this.log = log;
    }

    @Override
    public void accept(List<Event> batch) {
        try {
            log.append(batch).toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while appending", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("append failed", e.getCause());
        }
    }
}
