package io.mercator.events.log.kafka;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Lends {@link PartitionReader}s to reading threads, one thread per reader at a time, because a
 * Kafka consumer is not thread-safe. A reader already sitting on the asked partition is preferred
 * (no seek, its buffered records stay useful); when every reader is busy a new one is made, so
 * concurrent projections never queue behind one another's long waits. The pool grows to the
 * largest number of concurrent reads and keeps its readers until closed.
 */
final class ReaderPool implements AutoCloseable {

    private final Supplier<PartitionReader> factory;
    private final List<PartitionReader> idle = new ArrayList<>();
    private final List<PartitionReader> all = new ArrayList<>();
    private boolean closed;

    ReaderPool(Supplier<PartitionReader> factory) {
        this.factory = factory;
    }

    /** A reader for the calling thread alone; give it back with {@link #release}. */
    PartitionReader borrow(TopicPartition tp) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("reader pool is closed");
            }
            for (int i = idle.size() - 1; i >= 0; i--) {
                if (idle.get(i).isOn(tp)) {
                    return idle.remove(i);
                }
            }
            if (!idle.isEmpty()) {
                return idle.remove(idle.size() - 1);
            }
        }
        // made outside the lock: creating a consumer takes a while and must not stall other borrowers
        PartitionReader made = factory.get();
        synchronized (this) {
            if (!closed) {
                all.add(made);
                return made;
            }
        }
        made.close();
        throw new IllegalStateException("reader pool is closed");
    }

    void release(PartitionReader reader) {
        synchronized (this) {
            if (!closed) {
                idle.add(reader);
                return;
            }
        }
        reader.close();
    }

    /** Number of consumers made so far (for tests and metrics). */
    synchronized int size() {
        return all.size();
    }

    /**
     * Closes idle readers now and wakes busy ones, whose threads close them when they hand them
     * back; a busy consumer must not be closed from another thread.
     */
    @Override
    public void close() {
        List<PartitionReader> toClose;
        List<PartitionReader> busy;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(idle);
            busy = new ArrayList<>(all);
            busy.removeAll(idle);
            idle.clear();
        }
        busy.forEach(PartitionReader::wakeup);
        toClose.forEach(PartitionReader::close);
    }
}
