package io.mercator.events;

import io.mercator.events.payload.EventPayload;

import java.util.Objects;

/**
 * One immutable fact on the event log.
 *
 * <p>Wire form (JSON): {@code {"id":..,"type":"listing.published","v":1,"ts":<epoch ms>,"key":..,"data":{..}}}.
 * The {@code id} de-duplicates at-least-once deliveries, the {@code key} is the entity the event is
 * ordered by (listing id, seller id, user id...), and {@code data} is the payload whose record class
 * is fixed by {@link EventType}.
 *
 * @param id      unique event id, used for de-duplication by every projection
 * @param type    the event type; its family decides which entity the key names
 * @param version schema version of the payload
 * @param ts      event time in epoch milliseconds
 * @param key     entity key: the log keeps events of one key in order
 * @param data    the typed payload
 */
public record Event(String id, EventType type, int version, long ts, String key, EventPayload data) {

    public Event {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        if (data.getClass() != type.payloadClass()) {
            throw new IllegalArgumentException(
                    "payload " + data.getClass().getSimpleName() + " does not match type " + type.wireName());
        }
    }

    /** Builds an event at the current schema version of its type. */
    public static Event of(String id, long ts, String key, EventPayload data) {
        EventType type = EventType.of(data);
        return new Event(id, type, type.currentVersion(), ts, key, data);
    }

    /** The payload cast to the class its type fixes. */
    public <T extends EventPayload> T payload(Class<T> cls) {
        return cls.cast(data);
    }
}
