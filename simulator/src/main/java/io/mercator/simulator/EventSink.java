package io.mercator.simulator;

import io.mercator.events.Event;

import java.util.List;

/**
 * Receives the simulator's output, one batch at a time, in timestamp order.
 *
 * <p>Blocking: the simulator produces the next batch only after {@link #accept} returns, so a sink
 * that appends to the event log and waits for the acknowledgement gives natural back-pressure.
 * The batch is unmodifiable and the sink may keep it.
 */
@FunctionalInterface
public interface EventSink {

    void accept(List<Event> batch);
}
