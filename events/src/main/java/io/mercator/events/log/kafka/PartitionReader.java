package io.mercator.events.log.kafka;

import io.mercator.events.EventCodec;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.events.log.LogUnavailableException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * One Kafka consumer that serves {@code read} calls, one at a time. It is assigned every partition
 * of the log once, all paused but the one being read: switching partitions is then a pause and a
 * resume, never a new assignment, which would make the consumer refetch metadata for another topic
 * set (and wait out the metadata back-off) on every switch. It seeks only when it is not already
 * where the caller asks, and keeps what a poll brought beyond {@code maxRecords} for the next read,
 * so a reader that walks a partition forward costs one fetch per batch.
 *
 * <p>Not thread-safe, like the consumer it wraps: {@link ReaderPool} lends it to one thread at a time.
 */
final class PartitionReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final ToLongFunction<TopicPartition> endOffsets;
    private final Duration requestTimeout;
    /** Polled records of {@link #current} not handed out yet, in offset order. */
    private final ArrayDeque<ConsumerRecord<String, byte[]>> buffered = new ArrayDeque<>();
    /** The consumer's position per partition, as far as this reader knows; absent when unknown. */
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    /** The one partition not paused, or null. */
    private TopicPartition current;

    /**
     * @param endOffsets answers a partition's end offset over another connection than the
     *                   consumer's: a broker answers one connection's requests in order, so the
     *                   consumer's own end-offset request would wait behind its pending long-poll fetch
     */
    PartitionReader(KafkaConsumer<String, byte[]> consumer, Collection<TopicPartition> all,
                    ToLongFunction<TopicPartition> endOffsets, Duration requestTimeout) {
        this.consumer = consumer;
        this.endOffsets = endOffsets;
        this.requestTimeout = requestTimeout;
        consumer.assign(all);
        // a position for every partition, set locally without a request: an assigned partition
        // without one would make every poll try to reset it (and fail, there is no reset policy)
        for (TopicPartition tp : all) {
            consumer.seek(tp, 0);
            positions.put(tp, 0L);
        }
        consumer.pause(all);
    }

    /** True when this reader sits on the partition, so lending it for that partition saves a seek. */
    boolean isOn(TopicPartition tp) {
        return tp.equals(current);
    }

    /** Reads up to {@code maxRecords} from {@code from}; when nothing is there, waits up to {@code waitNanos}. */
    List<LogRecord> read(LogPartition partition, long from, int maxRecords, long waitNanos) {
        try {
            return readOrThrow(partition, from, maxRecords, waitNanos);
        } catch (RuntimeException e) {
            // the position is uncertain after a failed poll or seek: the next read seeks again
            buffered.clear();
            if (current != null) {
                positions.remove(current);
            }
            throw e;
        }
    }

    private List<LogRecord> readOrThrow(LogPartition partition, long from, int maxRecords, long waitNanos) {
        TopicPartition tp = new TopicPartition(partition.topic(), partition.partition());
        if (!tp.equals(current)) {
            if (current != null) {
                consumer.pause(List.of(current));
            }
            consumer.resume(List.of(tp));
            current = tp;
            buffered.clear();
        }
        if (!buffered.isEmpty() && buffered.peekFirst().offset() != from) {
            buffered.clear();
        }
        if (buffered.isEmpty() && !Long.valueOf(from).equals(positions.get(tp))) {
            consumer.seek(tp, from);
            positions.put(tp, from);
        }
        if (buffered.isEmpty()) {
            fill(tp, from, maxRecords, waitNanos);
        }
        List<LogRecord> out = new ArrayList<>(Math.min(maxRecords, buffered.size()));
        while (out.size() < maxRecords && !buffered.isEmpty()) {
            ConsumerRecord<String, byte[]> r = buffered.pollFirst();
            out.add(new LogRecord(partition, r.offset(), EventCodec.decode(r.value())));
        }
        return out;
    }

    /**
     * Polls into {@link #buffered}. The end offset is asked first: an empty partition then answers
     * "nothing" without a fetch when the caller does not want to wait, and a partition known to
     * hold records is polled until they come even when the caller's wait is zero (an empty poll
     * only means the fetch was still on its way).
     */
    private void fill(TopicPartition tp, long from, int maxRecords, long waitNanos) {
        long end = endOffset(tp);
        boolean present = end > from;
        if (from > end) {
            // beyond the end (a checkpoint from a recreated topic?): a fetch there fails, so just wait
            java.util.concurrent.locks.LockSupport.parkNanos(waitNanos);
            return;
        }
        if (!present && waitNanos == 0) {
            return;
        }
        long budget = present ? Math.max(waitNanos, requestTimeout.toNanos()) : waitNanos;
        long deadline = System.nanoTime() + budget;
        while (true) {
            long remaining = Math.max(0, deadline - System.nanoTime());
            List<ConsumerRecord<String, byte[]>> records;
            try {
                records = consumer.poll(Duration.ofNanos(remaining)).records(tp);
            } catch (OffsetOutOfRangeException e) {
                throw new IllegalStateException("offset " + from + " of " + tp
                        + " is no longer in the log (deleted by retention?)", e);
            }
            if (!records.isEmpty()) {
                take(records);
                // what the consumer already holds costs nothing more to hand out in the same read
                while (buffered.size() < maxRecords) {
                    List<ConsumerRecord<String, byte[]>> more = consumer.poll(Duration.ZERO).records(tp);
                    if (more.isEmpty()) {
                        break;
                    }
                    take(more);
                }
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                if (present) {
                    throw new LogUnavailableException("records of " + tp + " from offset " + from
                            + " exist but were not fetched within " + requestTimeout, null);
                }
                return;
            }
        }
    }

    private void take(List<ConsumerRecord<String, byte[]>> records) {
        buffered.addAll(records);
        positions.put(current, records.get(records.size() - 1).offset() + 1);
    }

    private long endOffset(TopicPartition tp) {
        return endOffsets.applyAsLong(tp);
    }

    /** Makes a poll of another thread return early; the only call that is safe from any thread. */
    void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
