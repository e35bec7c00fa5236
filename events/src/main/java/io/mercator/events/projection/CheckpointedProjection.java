package io.mercator.events.projection;

import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes a projection that writes to a durable store (Redis) exactly-once across restarts. Without
 * it a restart replays the log from offset 0 into the store again, and every increment
 * (HINCRBYFLOAT) counts twice.
 *
 * <p>How: the projection is built over a {@link Staging} store that keeps its writes instead of
 * sending them. After it applies a run of new events, its writes and its new checkpoint for that
 * partition (hash {@code checkpoint:<id>}, field = partition, value = next offset) are committed in one guarded transaction
 * ({@link CheckpointStore#compareAndWrite}): both land or neither does. At start the projection
 * still reads the log from offset 0 ({@link #resumeOffset} is 0), because its in-memory
 * aggregates (totals, windows, trust inputs) must be rebuilt; events before the stored checkpoint
 * are applied with their writes dropped, so the store is not touched twice.
 *
 * <p>Commit failures: the staged writes are kept and the batch fails, so the runner retries it;
 * the retry first settles the kept commit. The guard makes that safe when the outcome was unknown
 * (a timeout after Redis ran it): a commit that landed moved the checkpoint, so it is not sent
 * again. A checkpoint found <em>behind</em> the one last committed means the store lost data (a
 * Redis without persistence restarted): this is logged and writing goes on from the stored value.
 * A checkpoint found <em>ahead</em> means another instance writes this partition: the batch fails.
 *
 * <p>Instances that share the store share the work through a consumer group, one writer per
 * partition: when a partition moves ({@link #released}, {@link #takenOn}) the checkpoints are read
 * again, and a partition handed back is read on from where this instance's memory ends, the events
 * the other owner wrote applied with their writes dropped.
 *
 * <p>Partition interleaving: with several partitions, windowed values that depend on the order
 * events of different partitions arrive in are as exact as the plain projection's, no more.
 */
public final class CheckpointedProjection<W> implements Projection {

    public static final String KEY_PREFIX = "checkpoint:";
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointedProjection.class);

    /**
     * What the wrapped projection writes to: it keeps the writes until {@link #drain}, or drops them
     * while {@link #replaying} (they describe events the store already reflects).
     *
     * @param <W> the store's write
     */
    public interface Staging<W> {
        void replaying(boolean replaying);

        /** The writes kept since the last drain, in order. */
        List<W> drain();
    }

    private final Projection inner;
    private final Staging<W> staging;
    private final CheckpointStore<W> checkpoints;
    private final String key;
    /** Next offset per partition as stored; null until read from the store (again, after a change of owner). */
    private volatile Map<String, Long> committed;
    /** Next offset per partition the inner projection has applied (a retried batch is not re-applied). */
    private final Map<String, Long> applied = new java.util.concurrent.ConcurrentHashMap<>();
    /** A commit not known to have landed; settled before anything else. */
    private volatile Commit<W> pending;

    /**
     * @param inner       the projection, built over {@code staging}
     * @param staging     what {@code inner} writes to
     * @param checkpoints where writes and checkpoints are committed
     */
    public CheckpointedProjection(Projection inner, Staging<W> staging, CheckpointStore<W> checkpoints) {
        this.inner = inner;
        this.staging = staging;
        this.checkpoints = checkpoints;
        this.key = KEY_PREFIX + inner.id();
    }

    @Override
    public String id() {
        return inner.id();
    }

    /** The wrapped projection, for readers of its in-memory state. */
    public Projection inner() {
        return inner;
    }

    /**
     * Where the in-memory state ends: 0 at start (the aggregates are rebuilt from the start; the
     * store is not written twice); for a partition handed back after another instance wrote it,
     * the first event this instance has not applied.
     */
    @Override
    public long resumeOffset(LogPartition partition) {
        return applied.getOrDefault(partition.toString(), 0L);
    }

    /** The stored checkpoint of a partition as last seen, -1 before it was read. */
    public long checkpoint(LogPartition partition) {
        Map<String, Long> c = committed;
        return c == null ? -1 : c.getOrDefault(partition.toString(), 0L);
    }

    @Override
    public Future<Void> apply(List<LogRecord> batch) {
        try {
            return loaded().compose(v -> settle()).compose(v -> applyFrom(batch, 0));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private Future<Void> loaded() {
        if (committed != null) {
            return Future.succeededFuture();
        }
        return checkpoints.read(key).map(stored -> {
            Map<String, Long> offsets = new HashMap<>();
            stored.forEach((partition, next) -> offsets.put(partition, Long.parseLong(next)));
            committed = offsets;
            return null;
        });
    }

    /** Applies the records from index {@code from} on, one run of the same partition and mode at a time. */
    private Future<Void> applyFrom(List<LogRecord> batch, int from) {
        int i = from;
        while (i < batch.size() && batch.get(i).offset() < applied.getOrDefault(name(batch.get(i)), 0L)) {
            i++; // the inner projection has it already: a retry after a failed commit
        }
        if (i == batch.size()) {
            return Future.succeededFuture();
        }
        String partition = name(batch.get(i));
        long checkpoint = committed.getOrDefault(partition, 0L);
        boolean replay = batch.get(i).offset() < checkpoint;
        int end = i + 1;
        while (end < batch.size() && name(batch.get(end)).equals(partition)
                && (batch.get(end).offset() < checkpoint) == replay) {
            end++;
        }
        List<LogRecord> run = batch.subList(i, end);
        long next = run.get(run.size() - 1).offset() + 1;
        int resume = end;
        staging.replaying(replay);
        Future<Void> done = inner.apply(run).compose(v -> {
            applied.put(partition, next);
            List<W> writes = staging.drain();
            if (replay) {
                return Future.succeededFuture();
            }
            List<W> withCheckpoint = new ArrayList<>(writes.size() + 1);
            withCheckpoint.addAll(writes);
            withCheckpoint.add(checkpoints.checkpointWrite(key, partition, Long.toString(next)));
            pending = new Commit<>(partition, committed.containsKey(partition) ? Long.toString(checkpoint) : null,
                    next, withCheckpoint);
            return settle();
        });
        return done.compose(v -> applyFrom(batch, resume));
    }

    /**
     * Another instance writes these partitions from now on, starting at the checkpoint in the
     * store: a commit of theirs that did not land is dropped (the next owner writes those events
     * itself), and the checkpoints are read again before the next write, since they will move.
     * The in-memory state keeps what it applied, which is what the store will reflect.
     */
    @Override
    public void released(List<LogPartition> partitions) {
        Commit<W> c = pending;
        if (c != null && partitions.stream().anyMatch(p -> p.toString().equals(c.partition()))) {
            LOG.atInfo().addKeyValue("projection", inner.id()).addKeyValue("partition", c.partition())
                    .log("partition handed off with a commit unsettled; its next owner writes from the stored checkpoint");
            pending = null;
        }
        committed = null;
        inner.released(partitions);
    }

    /** Partitions another instance wrote until now: their checkpoints are read again before the next write. */
    @Override
    public void takenOn(List<LogPartition> partitions) {
        committed = null;
        inner.takenOn(partitions);
    }

    /** Commits the pending writes, or finds they already landed. */
    private Future<Void> settle() {
        Commit<W> c = pending;
        if (c == null) {
            return Future.succeededFuture();
        }
        return checkpoints.compareAndWrite(key, c.partition(), c.expected(), c.writes()).compose(written -> {
            if (written) {
                landed(c);
                return Future.succeededFuture();
            }
            return checkpoints.read(key).compose(stored -> resolveConflict(c, stored.get(c.partition())));
        });
    }

    private Future<Void> resolveConflict(Commit<W> c, String stored) {
        long storedNext = stored == null ? 0 : Long.parseLong(stored);
        long expectedNext = c.expected() == null ? 0 : Long.parseLong(c.expected());
        if (storedNext == c.next()) {
            landed(c); // an earlier attempt ran although its answer was lost
            return Future.succeededFuture();
        }
        if (storedNext < expectedNext) {
            LOG.atError().addKeyValue("projection", inner.id()).addKeyValue("partition", c.partition())
                    .addKeyValue("stored", storedNext).addKeyValue("committed", expectedNext)
                    .log("store lost writes: checkpoint behind the last commit; continuing from it");
            pending = new Commit<>(c.partition(), stored, c.next(), c.writes());
            return settle();
        }
        return Future.failedFuture(new IllegalStateException("checkpoint " + key + " of " + c.partition()
                + " is at " + storedNext + ", beyond this instance's " + expectedNext
                + ": another instance writes this partition"));
    }

    private void landed(Commit<W> c) {
        committed.put(c.partition(), c.next());
        pending = null;
    }

    private static String name(LogRecord r) {
        return r.partition().toString();
    }

    /** Writes plus checkpoint for one run of one partition, and the checkpoint they replace. */
    private record Commit<W>(String partition, String expected, long next, List<W> writes) {
    }
}
