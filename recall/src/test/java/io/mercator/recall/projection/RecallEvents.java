package io.mercator.recall.projection;

import io.mercator.events.Event;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.EventPayload;

import java.util.ArrayList;
import java.util.List;

/** Builds log records for projection tests: events in the order given, offsets counting up. */
final class RecallEvents {

    private final List<LogRecord> records = new ArrayList<>();
    private final LogPartition partition;

    RecallEvents() {
        this.partition = new LogPartition("test", 0);
    }

    RecallEvents add(String eventId, String key, EventPayload payload) {
        long offset = records.size();
        records.add(new LogRecord(partition, offset, Event.of(eventId, 1_717_200_000_000L + offset, key, payload)));
        return this;
    }

    List<LogRecord> records() {
        return List.copyOf(records);
    }
}
