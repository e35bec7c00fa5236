package io.mercator.events.projection;

import io.mercator.events.log.EventLog;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.events.log.PartitionHandOff;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds one projection from the log on a thread of its own: read ahead from every partition, apply
 * what was read in event-time order ({@link TimeMerge}: on Kafka a listing, its text analysis and its
 * seller's events are different topics, and a replay must not apply one topic's batch before what
 * happened earlier in another), drop event ids it has seen, repeat; once the log is read to its
 * end, wait {@link Options#linger()} for more to gather before the next read. A failed read or apply
 * is retried after a delay from the same offset, so nothing is skipped (at-least-once) and nothing
 * is applied twice (de-duplication).
 *
 * <p>The consumer-group offset is committed at most once per {@link Options#commitInterval()}, and
 * once the log has gone quiet (a read that waited {@link Options#maxWait()} found nothing), as
 * Kafka's auto-commit does: a commit is a file rename on the embedded log and a broker round trip
 * on Kafka, too dear for every small batch. Under a steady trickle of events the runner catches up
 * after every batch: committing on each catch-up made six projections rename a file for each
 * request served, a third of the service's CPU at 300 requests/s (README, "Speed"). Where
 * a projection resumes after a restart is its own {@link Projection#resumeOffset} (state and
 * checkpoint stored together), so committing later never loses or repeats an effect.
 *
 * <p>The partitions it reads are the log's as they are now, asked again every round: on a
 * consumer-group member's view of Kafka they follow the group's assignment. A partition given to
 * this instance is read from the projection's {@link Projection#resumeOffset} (for a projection on
 * a shared store, its checkpoint there, wherever the last owner stopped); before a partition is
 * taken away ({@link PartitionHandOff}) the runner finishes the batch it is applying on it, stops,
 * and hands its position over to be committed for the group.
 */
public final class ProjectionRunner implements AutoCloseable {

    /**
     * How the runner reads.
     *
     * @param batchSize    most events per apply
     * @param maxWait      how long one read waits for new events when caught up
     * @param seenCapacity how many recent event ids are remembered for de-duplication
     * @param retryDelay     pause after a failed read or apply
     * @param commitInterval least time between two offset commits while events keep coming
     * @param linger         after a batch that emptied the log, how long the next events gather
     *                       before the next read; the most it adds to a projection's lag
     */
    public record Options(int batchSize, Duration maxWait, int seenCapacity, Duration retryDelay,
                          Duration commitInterval, Duration linger) {

        /**
         * Under a steady trickle (one impressions event per request served) a runner that reads
         * again at once finds one event at a time: each a wake-up, a read and an apply, and for
         * the features projection a rewrite of twenty rows that the next requests decode again.
         * 25 ms gathers about eight events at 300 requests/s and keeps the real-time counters
         * well inside their one-second freshness (README, "Speed").
         */
        public static final Duration DEFAULT_LINGER = Duration.ofMillis(25);

        public Options {
            if (linger == null || linger.isNegative()) {
                throw new IllegalArgumentException("linger must be zero or positive");
            }
        }

        public Options(int batchSize, Duration maxWait, int seenCapacity, Duration retryDelay,
                       Duration commitInterval) {
            this(batchSize, maxWait, seenCapacity, retryDelay, commitInterval, DEFAULT_LINGER);
        }

        public Options(int batchSize, Duration maxWait, int seenCapacity, Duration retryDelay) {
            this(batchSize, maxWait, seenCapacity, retryDelay, Duration.ofSeconds(1));
        }

        public static Options defaults() {
            return new Options(4096, Duration.ofMillis(200), 4_000_000, Duration.ofMillis(500));
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRunner.class);

    private final EventLog log;
    private final Projection projection;
    private final Options options;
    private final SeenEvents seen;
    private final Map<LogPartition, Long> positions = new ConcurrentHashMap<>();
    /** Per partition, the offset last committed and when (nanoTime); touched by the feeding thread only. */
    private final Map<LogPartition, long[]> commits = new ConcurrentHashMap<>();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    /** What was read ahead of each partition, applied in event-time order (feeding thread, under {@link #stepping}). */
    private final TimeMerge merge = new TimeMerge();
    /** A read asks for at least this many records of a partition, however many partitions there are. */
    private static final int MIN_READ = 256;
    /** Held while a batch is read and applied, so a hand-off waits for the batch in flight. */
    private final ReentrantLock stepping = new ReentrantLock();
    private volatile Thread thread;
    private volatile boolean running;

    public ProjectionRunner(EventLog log, Projection projection, Options options) {
        this.log = log;
        this.projection = projection;
        this.options = options;
        this.seen = new SeenEvents(options.seenCapacity());
    }

    public String id() {
        return projection.id();
    }

    /** Starts the feeding thread; the returned future completes once the partitions are known. */
    public Future<Void> start() {
        return log.partitions().map(parts -> {
            for (LogPartition p : parts) {
                positions.put(p, projection.resumeOffset(p));
            }
            if (log instanceof PartitionHandOff handOff) {
                handOff.onHandOff(this::handOff);
            }
            running = true;
            thread = Thread.ofPlatform().name("projection-" + projection.id()).daemon(true).start(this::loop);
            return null;
        });
    }

    private void loop() {
        try {
            feed();
        } finally {
            // a clean stop leaves the group's offsets where the projection is
            for (LogPartition p : List.copyOf(positions.keySet())) {
                try {
                    commitIfDue(p, true);
                } catch (RuntimeException e) {
                    LOG.atDebug().addKeyValue("projection", projection.id()).addKeyValue("partition", p)
                            .addKeyValue("error", e.toString()).log("final offset commit failed");
                }
            }
        }
    }

    private void feed() {
        boolean idle = false;
        while (running) {
            List<LogPartition> parts = currentPartitions();
            if (parts.isEmpty()) {
                sleep(options.maxWait()); // nothing assigned to this instance now
                continue;
            }
            boolean full = false;
            // when the last round found nothing, wait on the log instead of spinning
            Duration wait = idle ? options.maxWait().dividedBy(parts.size()) : Duration.ZERO;
            int perRead = readSize(parts.size());
            List<LogPartition> quiet = new ArrayList<>();
            for (LogPartition p : parts) {
                if (!running) {
                    return;
                }
                try {
                    int read = readAheadIfOwned(p, wait, perRead);
                    full |= read >= perRead;
                    // an empty read that waited: the log is quiet, not just caught up for a moment
                    if (read == 0 && !wait.isZero()) {
                        quiet.add(p);
                    }
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                    LOG.atWarn().addKeyValue("projection", projection.id()).addKeyValue("partition", p)
                            .addKeyValue("offset", positions.get(p)).setCause(e).log("projection failed; retrying");
                    sleep(options.retryDelay());
                }
            }
            int got = 0;
            try {
                got = applyMerged();
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                LOG.atWarn().addKeyValue("projection", projection.id()).setCause(e).log("projection failed; retrying");
                sleep(options.retryDelay());
            }
            for (LogPartition p : parts) {
                try {
                    commitIfDue(p, quiet.contains(p));
                } catch (RuntimeException e) {
                    LOG.atWarn().addKeyValue("projection", projection.id()).addKeyValue("partition", p)
                            .setCause(e).log("offset commit failed; retrying later");
                }
            }
            idle = got == 0;
            if (got > 0 && !full && !options.linger().isZero()) {
                // caught up: let the next events gather instead of reading them one by one
                sleep(options.linger());
            }
        }
    }

    /**
     * How many records one read of a partition asks for: the batch shared among the partitions (so
     * what is read ahead stays about one batch), but at least {@link #MIN_READ}.
     */
    private int readSize(int partitions) {
        return Math.max(Math.min(MIN_READ, options.batchSize()), options.batchSize() / partitions);
    }

    /** Reads the partition ahead into the merge when what was read of it is used up; how many it read. */
    private int readAheadIfOwned(LogPartition p, Duration wait, int max) {
        stepping.lock();
        try {
            Long applied = positions.get(p);
            if (applied == null || !merge.needsRead(p)) {
                return 0;
            }
            List<LogRecord> batch = await(log.read(p, merge.readFrom(p, applied), max, wait));
            merge.offer(p, batch, batch.size() >= max);
            return batch.size();
        } finally {
            stepping.unlock();
        }
    }

    /** Applies what the merge gives, in event-time order, a batch at a time; how many records it took. */
    private int applyMerged() {
        stepping.lock();
        try {
            int taken = 0;
            while (true) {
                List<LogRecord> batch = merge.take(options.batchSize());
                if (batch.isEmpty()) {
                    return taken;
                }
                try {
                    applyOnce(projection, seen, batch);
                } catch (RuntimeException e) {
                    // not applied: the same records are read again from the positions, which did not move
                    batch.stream().map(LogRecord::partition).distinct().forEach(merge::drop);
                    throw e;
                }
                for (LogRecord r : batch) {
                    positions.computeIfPresent(r.partition(), (k, v) -> r.offset() + 1);
                }
                taken += batch.size();
            }
        } finally {
            stepping.unlock();
        }
    }

    /**
     * The log's partitions now: new ones start at the projection's resume offset; ones no longer
     * listed (taken away without a hand-off, as when a member is fenced) are dropped.
     */
    private List<LogPartition> currentPartitions() {
        List<LogPartition> parts;
        try {
            parts = await(log.partitions());
        } catch (RuntimeException e) {
            return List.of(); // a membership that closed: nothing to read
        }
        stepping.lock();
        try {
            List<LogPartition> gone = positions.keySet().stream().filter(p -> !parts.contains(p)).toList();
            if (!gone.isEmpty()) {
                positions.keySet().removeAll(gone);
                commits.keySet().removeAll(gone);
                gone.forEach(merge::drop);
                projection.released(gone);
            }
            List<LogPartition> fresh = parts.stream().filter(p -> !positions.containsKey(p)).toList();
            if (!fresh.isEmpty()) {
                projection.takenOn(fresh);
            }
            for (LogPartition p : fresh) {
                positions.put(p, projection.resumeOffset(p));
                commits.remove(p);
                LOG.atInfo().addKeyValue("projection", projection.id()).addKeyValue("partition", p)
                        .addKeyValue("offset", positions.get(p)).log("partition taken on");
            }
        } finally {
            stepping.unlock();
        }
        return parts;
    }

    /**
     * Partitions taken from this instance: waits for the batch in flight (up to 10 s), stops reading
     * them, and answers where it got to, for the group's commit.
     */
    private Map<LogPartition, Long> handOff(List<LogPartition> revoked) {
        Map<LogPartition, Long> out = new HashMap<>();
        boolean locked = false;
        try {
            locked = stepping.tryLock(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!locked) {
            return out; // the next round drops them; the next owner resumes from the projection's own state
        }
        try {
            for (LogPartition p : revoked) {
                Long position = positions.remove(p);
                commits.remove(p);
                merge.drop(p);
                if (position != null) {
                    out.put(p, position);
                }
            }
            if (!out.isEmpty()) {
                projection.released(List.copyOf(out.keySet()));
            }
        } finally {
            stepping.unlock();
        }
        LOG.atInfo().addKeyValue("projection", projection.id()).addKeyValue("partitions", out.keySet().toString())
                .log("partitions handed off");
        return out;
    }

    /**
     * Applies the records of the batch whose ids the projection has not applied yet; blocks. Only
     * once the apply succeeded are the ids remembered: had it failed, the retry from the same
     * offset must offer them again instead of dropping them as duplicates.
     */
    private void applyOnce(Projection target, SeenEvents window, List<LogRecord> batch) {
        SeenEvents.Unseen fresh = window.unseen(batch);
        if (!fresh.records().isEmpty()) {
            await(target.apply(fresh.records()));
        }
        window.remember(fresh);
        duplicates.addAndGet(fresh.duplicates());
        applied.addAndGet(fresh.records().size());
    }

    /**
     * Replays the log, every partition from offset 0 to its end as it is now, into a projection on
     * the calling thread, in event-time order and de-duplicated as a running runner does; blocks. For building state once
     * (a training set) rather than following the log.
     *
     * @param progress told after each batch how many log positions were replayed so far
     */
    public static void replay(EventLog log, Projection projection, LongConsumer progress) {
        ProjectionRunner runner = new ProjectionRunner(log, projection, Options.defaults());
        Map<LogPartition, Long> ends = new LinkedHashMap<>();
        for (LogPartition partition : await(log.partitions())) {
            long end = await(log.endOffset(partition));
            if (end > 0) {
                ends.put(partition, end);
                runner.positions.put(partition, 0L);
            }
        }
        int perRead = runner.readSize(Math.max(1, ends.size()));
        while (!ends.isEmpty()) {
            for (var it = ends.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                LogPartition partition = e.getKey();
                if (!runner.merge.needsRead(partition)) {
                    continue;
                }
                long from = runner.merge.readFrom(partition, runner.positions.get(partition));
                List<LogRecord> batch = from < e.getValue()
                        ? await(log.read(partition, from, (int) Math.min(perRead, e.getValue() - from), Duration.ZERO))
                        : List.of();
                if (batch.isEmpty()) {
                    it.remove(); // at its end as it was when the replay began
                    runner.merge.drop(partition);
                    continue;
                }
                // read up to its end as it was: nothing older can come from it
                runner.merge.offer(partition, batch, batch.getLast().offset() + 1 < e.getValue());
            }
            if (runner.applyMerged() > 0) {
                progress.accept(runner.positions.values().stream().mapToLong(Long::longValue).sum());
            }
        }
        runner.applyMerged(); // whatever the partitions that ended left in the merge
    }

    /** Log positions in every partition now: what {@link #replay} will go through. */
    public static long eventsInLog(EventLog log) {
        long total = 0;
        for (LogPartition partition : await(log.partitions())) {
            total += await(log.endOffset(partition));
        }
        return total;
    }

    /** Commits the partition's position when it moved and the interval has passed, or the log went quiet. */
    private void commitIfDue(LogPartition p, boolean quiet) {
        Long position = positions.get(p);
        if (position == null) {
            return; // handed off meanwhile: the group's commit took its position
        }
        long[] last = commits.computeIfAbsent(p, k -> new long[] {-1, System.nanoTime()});
        long now = System.nanoTime();
        if (position != last[0] && (quiet || now - last[1] >= options.commitInterval().toNanos())) {
            await(log.commit(projection.id(), p, position));
            last[0] = position;
            last[1] = now;
        }
    }

    /**
     * True once this projection has applied everything before the given end offsets in the
     * partitions it reads (in a consumer group, the others are another instance's).
     */
    public boolean caughtUpTo(Map<LogPartition, Long> endOffsets) {
        return lag(endOffsets) == 0;
    }

    /** Events before the given end offsets still to apply, in the partitions this runner reads. */
    public long lag(Map<LogPartition, Long> endOffsets) {
        if (thread == null) {
            // not started: it owes everything
            return endOffsets.values().stream().mapToLong(Long::longValue).sum();
        }
        long behind = 0;
        for (Map.Entry<LogPartition, Long> e : positions.entrySet()) {
            behind += Math.max(0, endOffsets.getOrDefault(e.getKey(), 0L) - e.getValue());
        }
        return behind;
    }

    /** Next offset to read per partition. */
    public Map<LogPartition, Long> positions() {
        return Map.copyOf(positions);
    }

    public long appliedEvents() {
        return applied.get();
    }

    public long duplicateEvents() {
        return duplicates.get();
    }

    public long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        running = false;
        Thread t = thread;
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
