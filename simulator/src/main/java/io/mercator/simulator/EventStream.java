package io.mercator.simulator;

import io.mercator.events.Event;
import io.mercator.events.EventType;
import io.mercator.events.payload.EventPayload;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Collects one simulated day of events, puts them in timestamp order, gives them ids and hands
 * them to the sink in batches.
 *
 * <p>Events of a session land a little after the session starts (a click seconds later, an order
 * minutes later), so a day is gathered first and sorted (stably: equal timestamps keep the order
 * they were produced in, so a publication stays before the impressions that follow it). Ids are
 * the seed's tag and a counter, assigned in emission order, so a config always yields the same ids.
 */
final class EventStream {

    static final int BATCH_SIZE = 2_000;

    private record Pending(long ts, String key, EventPayload payload) {
    }

    private static final Comparator<Pending> BY_TS = Comparator.comparingLong(Pending::ts);

    private final String idPrefix;
    private final EventSink sink;
    private final ArrayList<Pending> day = new ArrayList<>();
    private final long[] counts = new long[EventType.values().length];
    private ArrayList<Event> batch = new ArrayList<>(BATCH_SIZE);
    private long counter;
    private long dayStart;
    private long dayEnd;

    EventStream(long seed, EventSink sink) {
        this.idPrefix = "ev-" + Long.toString(RandomStreams.mix(seed ^ RandomStreams.IDS) >>> 24, 36) + "-";
        this.sink = sink;
    }

    void beginDay(long start, long end) {
        dayStart = start;
        dayEnd = end;
    }

    /** Latest timestamp of the current day. */
    long lastMillis() {
        return dayEnd - 1;
    }

    /**
     * Adds an event of the current day; a timestamp past the day is pulled back to its last
     * millisecond so days never overlap. Returns the timestamp used.
     */
    long emit(long ts, String key, EventPayload payload) {
        long t = Math.max(dayStart, Math.min(ts, dayEnd - 1));
        day.add(new Pending(t, key, payload));
        return t;
    }

    void endDay() {
        day.sort(BY_TS);
        for (Pending p : day) {
            Event e = Event.of(idPrefix + counter++, p.ts(), p.key(), p.payload());
            counts[e.type().ordinal()]++;
            batch.add(e);
            if (batch.size() >= BATCH_SIZE) {
                flush();
            }
        }
        day.clear();
    }

    void finish() {
        if (!batch.isEmpty()) {
            flush();
        }
    }

    private void flush() {
        List<Event> out = Collections.unmodifiableList(batch);
        batch = new ArrayList<>(BATCH_SIZE);
        sink.accept(out);
    }

    long count(EventType type) {
        return counts[type.ordinal()];
    }

    long total() {
        return counter;
    }
}
