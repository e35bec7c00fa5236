package io.mercator.events.projection;

import io.mercator.events.log.LogRecord;
import io.vertx.core.Future;

import java.util.List;

/**
 * A read model built from the log: the catalog, the online features, the popularity lists and so on.
 *
 * <p>A projection is rebuilt exactly by replaying the log: it must not read clocks or random
 * sources, only the events. The {@link ProjectionRunner} delivers each event id at most once to
 * {@link #apply} (it drops duplicates), in log order per partition.
 */
public interface Projection {

    /** Stable id: the metric tag, log field and consumer group of this projection. */
    String id();

    /**
     * Where to resume: the projection's own checkpoint for the partition, or 0 when its state does
     * not survive restarts (in-memory projections replay from the start).
     */
    default long resumeOffset(io.mercator.events.log.LogPartition partition) {
        return 0;
    }

    /** Applies a batch of new events in log order; the runner commits only after this completes. */
    Future<Void> apply(List<LogRecord> batch);

    /**
     * The runner no longer reads these partitions (a consumer group gave them to another
     * instance), and none of their batches is being applied: a projection on a shared store must
     * forget what it believed about their stored state, because the next owner moves it on.
     */
    default void released(List<io.mercator.events.log.LogPartition> partitions) {
    }

    /** The runner starts reading these partitions from {@link #resumeOffset}: taken on from another instance. */
    default void takenOn(List<io.mercator.events.log.LogPartition> partitions) {
    }
}
