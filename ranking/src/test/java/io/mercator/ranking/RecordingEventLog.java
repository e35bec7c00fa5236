package io.mercator.ranking;

import io.mercator.events.Event;
import io.mercator.events.log.AppendAck;
import io.mercator.events.log.EventLog;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.events.log.LogUnavailableException;
import io.mercator.events.payload.InteractionPayload;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Event log test double: keeps what was appended; can refuse appends, or never acknowledge them. */
final class RecordingEventLog implements EventLog {

    final List<Event> appended = new CopyOnWriteArrayList<>();
    volatile boolean down;
    /** Appends are recorded but never acknowledged. */
    volatile boolean stall;

    <T> List<T> payloads(Class<T> type) {
        return appended.stream().map(Event::data).filter(type::isInstance).map(type::cast).toList();
    }

    /** Every served item of the appended lists, as single impressions, in order. */
    List<InteractionPayload.Impression> impressions() {
        return payloads(InteractionPayload.Impressions.class).stream()
                .flatMap(l -> l.asImpressions().stream()).toList();
    }

    @Override
    public Future<AppendAck> append(List<Event> events) {
        if (down) {
            return Future.failedFuture(new LogUnavailableException("log down", null));
        }
        appended.addAll(events);
        return stall ? io.vertx.core.Promise.<AppendAck>promise().future()
                : Future.succeededFuture(new AppendAck(events.size()));
    }

    @Override
    public Future<List<LogPartition>> partitions() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<List<LogRecord>> read(LogPartition partition, long fromOffset, int maxRecords, Duration maxWait) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<Long> endOffset(LogPartition partition) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<Void> commit(String group, LogPartition partition, long nextOffset) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<Long> committed(String group, LogPartition partition) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}
