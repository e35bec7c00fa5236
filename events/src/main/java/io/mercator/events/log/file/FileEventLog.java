package io.mercator.events.log.file;

import io.mercator.events.Event;
import io.mercator.events.EventCodec;
import io.mercator.events.log.AppendAck;
import io.mercator.events.log.EventLog;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.events.log.LogUnavailableException;
import io.mercator.events.log.StorableEvents;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

/**
 * The embedded event log: append-only segment files under a data directory, one directory per
 * partition, topic {@value #TOPIC}.
 *
 * <p>Layout: {@code <dir>/partition-<n>/<20-digit base offset>.log} holds frames of
 * {@code [length][crc32c][EventCodec JSON]}; {@code <dir>/offsets/<group>.offsets} holds the
 * consumer-group offsets; {@code <dir>/log.lock} keeps a second process (or a second instance)
 * from writing the same files.
 *
 * <p>Threads: appends are queued to one writer thread owned by the log, which writes every queued
 * batch with one write per partition, forces when {@link Options#fsync()} is on, and completes the
 * futures (group commit). Reads and commits run on the caller's thread, unless the caller is a
 * Vert.x event loop, which must not block; then they run on a pool owned by the log. Futures
 * created on a Vert.x context complete on that context.
 */
public final class FileEventLog implements EventLog {

    /** The one topic of the embedded log. */
    public static final String TOPIC = "events";

    /** Most events the writer takes into one group write, which bounds its buffers and latency. */
    private static final int MAX_GROUP_EVENTS = 65_536;
    /**
     * Records per partition kept decoded for readers that follow the tail. Projections follow within
     * a few records; one further behind (a replay) reads from disk. The ring holds its records alive,
     * so it is kept small: whatever it holds that was appended since the last young collection is
     * copied by that collection. With one record per served list (twenty items, each with its
     * feature row), 4,096 records were about fourteen seconds at 300 lists/s, so every record since
     * the last collection survived it; at 512 (under two seconds) the longest young pauses of the
     * same bench runs fell from 36-41 to 25-33 ms on /feed and from 21-38 to 11-16 ms on /search.
     * A projection that falls off the ring decodes its batches from disk on its own.
     */
    private static final int RECENT_RECORDS = 512;

    /**
     * How the log is laid out and how hard it tries to keep data.
     *
     * @param partitions   number of partitions, fixed when the directory is created
     * @param fsync        force every append to the device before acknowledging it (survives power
     *                     loss, not only a process crash)
     * @param segmentBytes size at which a partition starts a new segment file
     */
    public record Options(int partitions, boolean fsync, long segmentBytes) {
        public Options {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be at least 1");
            }
            if (segmentBytes < 1024) {
                throw new IllegalArgumentException("segmentBytes must be at least 1024");
            }
        }

        /** One partition, no fsync, 64 MiB segments. */
        public static Options defaults() {
            return new Options(1, false, 64L << 20);
        }
    }

    private final Path dir;
    private final Options options;
    private final PartitionLog[] partitions;
    private final List<LogPartition> partitionIds;
    private final GroupOffsets offsets;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ExecutorService writer;
    private final ExecutorService blockingPool;
    private final ConcurrentLinkedQueue<PendingAppend> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private FileEventLog(Path dir, Options options, PartitionLog[] partitions, GroupOffsets offsets,
                         FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.options = options;
        this.partitions = partitions;
        this.partitionIds = IntStream.range(0, partitions.length).mapToObj(i -> partitions[i].id).toList();
        this.offsets = offsets;
        this.lockChannel = lockChannel;
        this.lock = lock;
        String name = dir.getFileName() == null ? "log" : dir.getFileName().toString();
        this.writer = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("file-event-log-writer-" + name).daemon(true).factory());
        this.blockingPool = Executors.newCachedThreadPool(
                Thread.ofPlatform().name("file-event-log-io-" + name + "-", 0).daemon(true).factory());
    }

    /**
     * Opens (or creates) the log in {@code dir}: verifies every segment, cuts a torn tail off the
     * last segment of each partition and rebuilds the offset index.
     *
     * @throws UncheckedIOException when the files cannot be read or an earlier segment is corrupt
     * @throws IllegalStateException when another instance holds the directory
     * @throws IllegalArgumentException when the directory was created with another partition count
     */
    public static FileEventLog open(Path dir, Options options) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(options, "options");
        FileChannel lockChannel = null;
        PartitionLog[] parts = new PartitionLog[options.partitions()];
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve("log.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IllegalStateException("event log " + dir + " is already open in another instance or process");
            }
            checkPartitionCount(dir, options.partitions());
            for (int p = 0; p < parts.length; p++) {
                parts[p] = PartitionLog.open(new LogPartition(TOPIC, p), dir.resolve("partition-" + p),
                        options.segmentBytes(), options.fsync(), RECENT_RECORDS);
            }
            GroupOffsets offsets = new GroupOffsets(dir.resolve("offsets"), parts.length, options.fsync());
            return new FileEventLog(dir, options, parts, offsets, lockChannel, lock);
        } catch (IOException | RuntimeException e) {
            for (PartitionLog p : parts) {
                if (p != null) {
                    p.close();
                }
            }
            if (lockChannel != null) {
                try {
                    lockChannel.close(); // releases the lock too
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot open event log " + dir, io);
            }
            throw (RuntimeException) e;
        }
    }

    /** Routing depends on the partition count, so it is written once and checked on every open. */
    private static void checkPartitionCount(Path dir, int partitions) throws IOException {
        Path meta = dir.resolve("partitions");
        if (Files.exists(meta)) {
            int stored = Integer.parseInt(Files.readString(meta, StandardCharsets.UTF_8).trim());
            if (stored != partitions) {
                throw new IllegalArgumentException("event log " + dir + " has " + stored
                        + " partitions; it cannot be opened with " + partitions
                        + " (events of a key would change partition)");
            }
        } else {
            Path tmp = dir.resolve("partitions.tmp");
            Files.writeString(tmp, partitions + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, meta, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** The partition a key's events go to; stable across runs and JVMs (String.hashCode is specified). */
    public static int partitionOf(String key, int partitions) {
        int h = key.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return Math.floorMod(h, partitions);
    }

    public Options options() {
        return options;
    }

    /** Segment files of a partition, for tests and operational metrics. */
    public int segmentCount(LogPartition partition) {
        return partition(partition).segmentCount();
    }

    // ---------------------------------------------------------------- append

    private record PendingAppend(List<Event> events, Promise<AppendAck> promise, Context context) {
    }

    @Override
    public Future<AppendAck> append(List<Event> events) {
        if (closed.get()) {
            return closedFuture();
        }
        if (events == null) {
            return Future.failedFuture(new IllegalArgumentException("events must not be null"));
        }
        if (events.isEmpty()) {
            return Future.succeededFuture(new AppendAck(0));
        }
        List<Event> copy;
        try {
            copy = List.copyOf(events);
            for (Event e : copy) {
                StorableEvents.check(e);
            }
        } catch (RuntimeException e) {
            return Future.failedFuture(e instanceof NullPointerException
                    ? new IllegalArgumentException("a batch must not contain null events", e) : e);
        }
        Promise<AppendAck> promise = Promise.promise();
        pending.add(new PendingAppend(copy, promise, Vertx.currentContext()));
        try {
            writer.execute(this::writePending);
        } catch (RejectedExecutionException e) {
            promise.tryFail(new IllegalStateException("event log " + dir + " is closed"));
        }
        return promise.future();
    }

    /** Writer thread: takes what is queued (group commit), writes it, then completes the futures. */
    private void writePending() {
        List<PendingAppend> group = new ArrayList<>();
        int events = 0;
        PendingAppend next;
        while (events < MAX_GROUP_EVENTS && (next = pending.poll()) != null) {
            group.add(next);
            events += next.events().size();
        }
        if (group.isEmpty()) {
            return; // an earlier task already wrote this task's batch
        }
        List<List<byte[]>> payloads = new ArrayList<>(partitions.length);
        List<List<Event>> routed = new ArrayList<>(partitions.length);
        for (int p = 0; p < partitions.length; p++) {
            payloads.add(new ArrayList<>());
            routed.add(new ArrayList<>());
        }
        List<PendingAppend> accepted = new ArrayList<>(group.size());
        for (PendingAppend a : group) {
            List<byte[]> encoded = new ArrayList<>(a.events().size());
            try {
                for (Event e : a.events()) {
                    encoded.add(EventCodec.encode(e));
                }
            } catch (RuntimeException e) {
                complete(a, Future.failedFuture(new IllegalArgumentException("cannot encode batch: " + e.getMessage(), e)));
                continue;
            }
            accepted.add(a);
            for (int k = 0; k < encoded.size(); k++) {
                Event e = a.events().get(k);
                int p = partitionOf(e.key(), partitions.length);
                payloads.get(p).add(encoded.get(k));
                routed.get(p).add(e);
            }
        }
        Throwable failure = null;
        for (int p = 0; p < partitions.length && failure == null; p++) {
            if (payloads.get(p).isEmpty()) {
                continue;
            }
            try {
                partitions[p].append(payloads.get(p), routed.get(p));
            } catch (IOException | RuntimeException e) {
                failure = closed.get() && e instanceof ClosedChannelException
                        ? new IllegalStateException("event log " + dir + " was closed during the append", e)
                        : new LogUnavailableException("cannot append to event log " + dir + ": " + e.getMessage(), e);
            }
        }
        for (PendingAppend a : accepted) {
            complete(a, failure == null ? Future.succeededFuture(new AppendAck(a.events().size()))
                    : Future.failedFuture(failure));
        }
    }

    private static void complete(PendingAppend a, Future<AppendAck> outcome) {
        if (a.context() == null) {
            settle(a.promise(), outcome);
        } else {
            // callbacks of a Vert.x caller run on its own context, not on the writer thread
            a.context().runOnContext(v -> settle(a.promise(), outcome));
        }
    }

    /** Completes once: an append that close() already failed is not completed a second time. */
    private static <T> void settle(Promise<T> promise, Future<T> outcome) {
        if (outcome.succeeded()) {
            promise.tryComplete(outcome.result());
        } else {
            promise.tryFail(outcome.cause());
        }
    }

    // ---------------------------------------------------------------- read side

    @Override
    public Future<List<LogPartition>> partitions() {
        if (closed.get()) {
            return closedFuture();
        }
        return Future.succeededFuture(partitionIds);
    }

    @Override
    public Future<List<LogRecord>> read(LogPartition partition, long fromOffset, int maxRecords, Duration maxWait) {
        if (closed.get()) {
            return closedFuture();
        }
        PartitionLog p;
        try {
            p = partition(partition);
            if (fromOffset < 0) {
                throw new IllegalArgumentException("fromOffset must not be negative: " + fromOffset);
            }
            if (maxRecords < 1) {
                throw new IllegalArgumentException("maxRecords must be at least 1: " + maxRecords);
            }
            if (maxWait == null || maxWait.isNegative()) {
                throw new IllegalArgumentException("maxWait must be zero or positive");
            }
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        long waitNanos = saturatedNanos(maxWait);
        return blocking(() -> {
            List<LogRecord> records = p.read(fromOffset, maxRecords);
            if (records.isEmpty() && waitNanos > 0) {
                p.awaitRecord(fromOffset, waitNanos);
                if (closed.get()) {
                    throw new IllegalStateException("event log " + dir + " is closed");
                }
                records = p.read(fromOffset, maxRecords);
            }
            return records;
        });
    }

    @Override
    public Future<Long> endOffset(LogPartition partition) {
        if (closed.get()) {
            return closedFuture();
        }
        try {
            return Future.succeededFuture(partition(partition).end());
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
    }

    @Override
    public Future<Void> commit(String group, LogPartition partition, long nextOffset) {
        if (closed.get()) {
            return closedFuture();
        }
        PartitionLog p;
        try {
            checkGroup(group);
            p = partition(partition);
            if (nextOffset < 0) {
                throw new IllegalArgumentException("nextOffset must not be negative: " + nextOffset);
            }
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return blocking(() -> {
            offsets.commit(group, p.id.partition(), nextOffset);
            return null;
        });
    }

    @Override
    public Future<Long> committed(String group, LogPartition partition) {
        if (closed.get()) {
            return closedFuture();
        }
        PartitionLog p;
        try {
            checkGroup(group);
            p = partition(partition);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return blocking(() -> offsets.committed(group, p.id.partition()));
    }

    private static void checkGroup(String group) {
        if (group == null || group.isBlank() || group.length() > 200) {
            throw new IllegalArgumentException("consumer group must be 1..200 characters");
        }
    }

    private PartitionLog partition(LogPartition partition) {
        if (partition == null || !TOPIC.equals(partition.topic())
                || partition.partition() < 0 || partition.partition() >= partitions.length) {
            throw new IllegalArgumentException("no partition " + partition + " in event log " + dir
                    + " (topic '" + TOPIC + "', " + partitions.length + " partitions)");
        }
        return partitions[partition.partition()];
    }

    /**
     * Runs file work on the caller's thread, or on the log's pool when the caller is an event loop
     * (which must never block), and maps failures to the port's exceptions.
     */
    private <T> Future<T> blocking(Callable<T> work) {
        if (!Context.isOnEventLoopThread()) {
            return attempt(work);
        }
        Context context = Vertx.currentContext();
        Promise<T> promise = Promise.promise();
        try {
            blockingPool.execute(() -> {
                Future<T> outcome = attempt(work);
                context.runOnContext(v -> settle(promise, outcome));
            });
        } catch (RejectedExecutionException e) {
            return closedFuture();
        }
        return promise.future();
    }

    private <T> Future<T> attempt(Callable<T> work) {
        try {
            return Future.succeededFuture(work.call());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Future.failedFuture(new LogUnavailableException("interrupted while reading " + dir, e));
        } catch (IOException e) {
            if (closed.get()) {
                return closedFuture();
            }
            return Future.failedFuture(new LogUnavailableException("event log " + dir + ": " + e.getMessage(), e));
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
    }

    private <T> Future<T> closedFuture() {
        return Future.failedFuture(new IllegalStateException("event log " + dir + " is closed"));
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Stops taking appends, lets the ones already accepted finish, wakes waiting readers and
     * releases files and threads. Idempotent; every later call fails with IllegalStateException.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writer.shutdown();
        try {
            if (!writer.awaitTermination(30, TimeUnit.SECONDS)) {
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            writer.shutdownNow();
            Thread.currentThread().interrupt();
        }
        PendingAppend left;
        while ((left = pending.poll()) != null) {
            complete(left, Future.failedFuture(new IllegalStateException("event log " + dir + " was closed")));
        }
        for (PartitionLog p : partitions) {
            p.close();
        }
        blockingPool.shutdownNow();
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException ignored) {
            // the lock goes with the channel, and the channel with the process
        }
    }

    @Override
    public String toString() {
        return "FileEventLog[" + dir + ", " + partitions.length + " partitions]";
    }
}
