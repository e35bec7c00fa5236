package io.mercator.events.log;

import io.mercator.events.Event;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;

/**
 * The event log port: the one source of truth. Implementations: the embedded on-disk log
 * ({@code FileEventLog}) and Kafka. Both pass {@code EventLogContract}.
 *
 * <p>Guarantees every implementation keeps:
 * <ul>
 *   <li>{@link #append} acknowledges a batch only once every event in it is durable; a failed
 *       append may have stored some events, never torn ones, and retrying is safe because readers
 *       de-duplicate by event id (at-least-once).</li>
 *   <li>Events of one key are read back in the order they were appended.</li>
 *   <li>What was acknowledged survives a crash and a restart, and can be replayed from offset 0.</li>
 * </ul>
 */
public interface EventLog extends AutoCloseable {

    /** Appends a batch; completes when all of it is durable, fails with {@link LogUnavailableException} otherwise. */
    Future<AppendAck> append(List<Event> events);

    /** Every partition of the log. */
    Future<List<LogPartition>> partitions();

    /**
     * Reads up to {@code maxRecords} events from {@code fromOffset} on. When nothing is there yet,
     * waits up to {@code maxWait} for new events and answers an empty list if none came.
     */
    Future<List<LogRecord>> read(LogPartition partition, long fromOffset, int maxRecords, Duration maxWait);

    /** The offset the next appended event of the partition will get. */
    Future<Long> endOffset(LogPartition partition);

    /** Records that a consumer group has processed everything before {@code nextOffset}. */
    Future<Void> commit(String group, LogPartition partition, long nextOffset);

    /** The offset a consumer group should resume from (0 when it never committed). */
    Future<Long> committed(String group, LogPartition partition);

    /** Releases files, threads and connections. */
    @Override
    void close();
}
