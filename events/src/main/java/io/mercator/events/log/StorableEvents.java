package io.mercator.events.log;

import io.mercator.events.Event;

/**
 * What every log implementation refuses before storing: stored bytes must decode again, or every
 * projection would stop at them, so what the codec's parser would refuse never reaches the log.
 */
public final class StorableEvents {

    private StorableEvents() {
    }

    /** @throws IllegalArgumentException when the codec could not read the event back */
    public static void check(Event e) {
        if (e == null) {
            throw new IllegalArgumentException("a batch must not contain null events");
        }
        if (e.id() == null || e.id().isBlank() || e.id().length() > 128) {
            throw new IllegalArgumentException("event id must be 1..128 characters: " + e.id());
        }
        if (e.key() == null || e.key().isBlank() || e.key().length() > 128) {
            throw new IllegalArgumentException("event " + e.id() + ": key must be 1..128 characters");
        }
        if (e.version() < 1 || e.version() > e.type().currentVersion()) {
            throw new IllegalArgumentException("event " + e.id() + ": unsupported version " + e.version());
        }
    }
}
