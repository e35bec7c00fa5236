package io.mercator.events.log;

import io.mercator.events.Event;

/** An event as stored: where it sits in the log and what it says. */
public record LogRecord(LogPartition partition, long offset, Event event) {
}
