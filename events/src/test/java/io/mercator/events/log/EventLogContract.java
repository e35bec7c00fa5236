package io.mercator.events.log;

import io.mercator.events.Event;
import io.mercator.events.TestEvents;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link EventLog} must show, whatever stores it. An implementation's test
 * extends this class and says how to open its log; the cases never assume one partition, an empty
 * store shared with other tests, or how keys are routed, only what the port promises.
 *
 * <p>Each test gets a fresh directory. {@link #openLog} is called again with the same directory to
 * simulate a restart, after the previous instance was closed.
 */
public abstract class EventLogContract {

    /** Generous bound for one call; a healthy log answers in milliseconds. */
    protected static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    protected Path dir;

    private final List<EventLog> opened = new CopyOnWriteArrayList<>();

    /** Opens the log stored under {@code dir}; called again with the same dir it must give back the same log. */
    protected abstract EventLog openLog(Path dir);

    /** Opens the log and closes it after the test. */
    protected final EventLog open() {
        EventLog log = openLog(dir);
        opened.add(log);
        return log;
    }

    @AfterEach
    void closeLogs() {
        for (EventLog log : opened) {
            log.close();
        }
    }

    // ------------------------------------------------------------------ cases

    @Test
    void appendedBatchIsReadBackInOrder() {
        EventLog log = open();
        List<Event> batch = clicks("a", "key-1", 0, 50);
        AppendAck ack = await(log.append(batch));
        assertThat(ack.count()).isEqualTo(50);

        List<LogRecord> records = readAll(log).get(partitionHolding(log, "a-0"));
        assertThat(records).extracting(LogRecord::event).containsExactlyElementsOf(batch);
        for (int i = 1; i < records.size(); i++) {
            assertThat(records.get(i).offset()).isEqualTo(records.get(i - 1).offset() + 1);
        }
    }

    @Test
    void readStartsAtTheGivenOffset() {
        EventLog log = open();
        List<Event> batch = clicks("a", "key-1", 0, 20);
        await(log.append(batch));
        LogPartition p = partitionHolding(log, "a-0");
        long first = readAll(log).get(p).get(0).offset();

        List<LogRecord> tail = readFrom(log, p, first + 5, await(log.endOffset(p)));
        assertThat(tail).extracting(LogRecord::event).containsExactlyElementsOf(batch.subList(5, 20));
        assertThat(tail.get(0).offset()).isEqualTo(first + 5);
        assertThat(tail).allSatisfy(r -> assertThat(r.partition()).isEqualTo(p));
    }

    @Test
    void readReturnsAtMostMaxRecords() {
        EventLog log = open();
        await(log.append(clicks("a", "key-1", 0, 30)));
        LogPartition p = partitionHolding(log, "a-0");
        List<LogRecord> some = await(log.read(p, 0, 7, Duration.ofSeconds(5)));
        assertThat(some).isNotEmpty().hasSizeLessThanOrEqualTo(7);
        assertThat(some.get(0).offset()).isZero();
    }

    @Test
    void eventsOfOneKeyStayInOrderAcrossManyKeysAndBatches() {
        EventLog log = open();
        Random random = new Random(7);
        Map<String, Long> nextSeq = new HashMap<>();
        int id = 0;
        for (int b = 0; b < 40; b++) {
            List<Event> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String key = "user-" + random.nextInt(60);
                long seq = nextSeq.merge(key, 1L, Long::sum) - 1;
                batch.add(TestEvents.click("e-" + id++, key, seq));
            }
            await(log.append(batch));
        }

        Map<String, List<Long>> seen = new HashMap<>();
        Map<String, LogPartition> partitionOfKey = new HashMap<>();
        readAll(log).forEach((p, records) -> records.forEach(r -> {
            seen.computeIfAbsent(r.event().key(), k -> new ArrayList<>()).add(TestEvents.seqOf(r.event()));
            LogPartition earlier = partitionOfKey.putIfAbsent(r.event().key(), p);
            assertThat(earlier == null || earlier.equals(p)).as("key %s in one partition", r.event().key()).isTrue();
        }));
        assertThat(seen.keySet()).isEqualTo(nextSeq.keySet());
        seen.forEach((key, seqs) -> assertThat(seqs).as("sequence of %s", key)
                .isEqualTo(java.util.stream.LongStream.range(0, nextSeq.get(key)).boxed().toList()));
    }

    @Test
    void acknowledgedEventsSurviveCloseAndReopen() {
        EventLog log = openLog(dir);
        List<Event> appended = new ArrayList<>();
        for (int b = 0; b < 5; b++) {
            List<Event> batch = mixedKeys("b" + b, 40);
            await(log.append(batch));
            appended.addAll(batch);
        }
        Map<LogPartition, List<LogRecord>> before = readAll(log);
        log.close();

        EventLog reopened = open();
        Map<LogPartition, List<LogRecord>> after = readAll(reopened);
        assertThat(after).isEqualTo(before);
        assertThat(after.values().stream().mapToInt(List::size).sum()).isEqualTo(appended.size());
        for (LogPartition p : await(reopened.partitions())) {
            assertThat(await(reopened.endOffset(p))).isEqualTo(endOf(before.get(p)));
        }
    }

    @Test
    void replayFromZeroGivesBackWhatWasAppended() {
        EventLog log = open();
        List<Event> appended = new ArrayList<>();
        for (int b = 0; b < 10; b++) {
            List<Event> batch = mixedKeys("r" + b, 25);
            await(log.append(batch));
            appended.addAll(batch);
        }
        // small reads so the replay crosses many read calls
        Map<LogPartition, List<LogRecord>> replay = new LinkedHashMap<>();
        for (LogPartition p : await(log.partitions())) {
            List<LogRecord> records = new ArrayList<>();
            long end = await(log.endOffset(p));
            long next = 0;
            while (next < end) {
                List<LogRecord> got = await(log.read(p, next, 3, Duration.ofSeconds(5)));
                assertThat(got).as("read at %s of %s", next, p).isNotEmpty();
                assertThat(got.get(0).offset()).isEqualTo(next);
                records.addAll(got);
                next = got.get(got.size() - 1).offset() + 1;
            }
            replay.put(p, records);
        }
        // every partition holds the appended events routed to it, in append order
        for (List<LogRecord> records : replay.values()) {
            List<Event> events = records.stream().map(LogRecord::event).toList();
            List<Event> expected = appended.stream().filter(events::contains).toList();
            assertThat(events).isEqualTo(expected);
        }
        assertThat(replay.values().stream().flatMap(List::stream).map(LogRecord::event))
                .containsExactlyInAnyOrderElementsOf(appended);
    }

    @Test
    void readAtTheEndWaitsThenAnswersEmpty() {
        EventLog log = open();
        await(log.append(clicks("a", "key-1", 0, 3)));
        LogPartition p = partitionHolding(log, "a-0");
        long end = await(log.endOffset(p));

        assertThat(await(log.read(p, end, 10, Duration.ofMillis(150)))).isEmpty();
        assertThat(await(log.read(p, end, 10, Duration.ZERO))).isEmpty();
        for (LogPartition other : await(log.partitions())) {
            long otherEnd = await(log.endOffset(other));
            assertThat(await(log.read(other, otherEnd, 10, Duration.ofMillis(50)))).isEmpty();
        }
    }

    @Test
    void waitingReadIsWokenByAnAppend() throws Exception {
        EventLog log = open();
        await(log.append(List.of(TestEvents.click("first", "key-1", 0))));
        LogPartition p = partitionHolding(log, "first");
        long end = await(log.endOffset(p));

        AtomicReference<List<LogRecord>> result = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        // maxWait far beyond the join timeout: only a wake-up by the append lets the thread finish in time
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                result.set(await(log.read(p, end, 10, Duration.ofMinutes(5))));
            } catch (Throwable t) {
                error.set(t);
            }
        });
        pollUntil(() -> reader.getState() == Thread.State.WAITING || reader.getState() == Thread.State.TIMED_WAITING,
                "the reader blocks waiting for events");

        Event second = TestEvents.click("second", "key-1", 1);
        await(log.append(List.of(second)));
        reader.join(CALL_TIMEOUT.toMillis());

        assertThat(reader.isAlive()).as("reader still waiting after the append").isFalse();
        assertThat(error.get()).isNull();
        assertThat(result.get()).extracting(LogRecord::event).containsExactly(second);
        assertThat(result.get().get(0).offset()).isEqualTo(end);
    }

    @Test
    void committedOffsetsArePerGroupAndSurviveReopen() {
        EventLog log = openLog(dir);
        await(log.append(mixedKeys("c", 60)));
        List<LogPartition> parts = await(log.partitions());
        LogPartition p0 = parts.get(0);
        LogPartition pLast = parts.get(parts.size() - 1);

        assertThat(await(log.committed("catalog", p0))).isZero();
        await(log.commit("catalog", p0, 5));
        await(log.commit("catalog", p0, 7)); // the later commit wins
        await(log.commit("features", p0, 2));
        await(log.commit("features", pLast, 3));
        assertThat(await(log.committed("catalog", p0))).isEqualTo(7);
        assertThat(await(log.committed("features", p0))).isEqualTo(2);
        log.close();

        EventLog reopened = open();
        assertThat(await(reopened.committed("catalog", p0))).isEqualTo(7);
        assertThat(await(reopened.committed("features", p0))).isEqualTo(2);
        assertThat(await(reopened.committed("features", pLast))).isEqualTo(3);
        assertThat(await(reopened.committed("popularity", p0))).isZero();
        if (parts.size() > 1) {
            assertThat(await(reopened.committed("catalog", pLast))).isZero();
        }
    }

    @Test
    void concurrentReadersSeeAPrefixOfTheLogWhileItIsAppended() throws Exception {
        EventLog log = open();
        List<LogPartition> parts = await(log.partitions());
        int batches = 150;
        int perBatch = 40;
        int total = batches * perBatch;
        AtomicBoolean failed = new AtomicBoolean();
        Map<Integer, Map<LogPartition, List<LogRecord>>> seenByReader = new ConcurrentHashMap<>();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            int reader = r;
            readers.add(Thread.ofPlatform().name("contract-reader-" + r).start(() -> {
                Map<LogPartition, List<LogRecord>> mine = new HashMap<>();
                Map<LogPartition, Long> next = new HashMap<>();
                parts.forEach(p -> { mine.put(p, new ArrayList<>()); next.put(p, 0L); });
                int got = 0;
                try {
                    while (got < total && !failed.get()) {
                        for (LogPartition p : parts) {
                            List<LogRecord> records = await(log.read(p, next.get(p), 97, Duration.ofMillis(20)));
                            for (LogRecord rec : records) {
                                // no gap, no repeat: each read continues exactly where the last one stopped
                                if (rec.offset() != next.get(p)) {
                                    failed.set(true);
                                    throw new AssertionError("offset " + rec.offset() + " after " + next.get(p));
                                }
                                next.put(p, rec.offset() + 1);
                                mine.get(p).add(rec);
                                got++;
                            }
                        }
                    }
                } finally {
                    seenByReader.put(reader, mine);
                }
            }));
        }
        List<Event> appended = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            List<Event> batch = mixedKeys("x" + b, perBatch);
            await(log.append(batch));
            appended.addAll(batch);
        }
        for (Thread t : readers) {
            t.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(t.isAlive()).as("%s finished", t.getName()).isFalse();
        }
        assertThat(failed).isFalse();
        Map<LogPartition, List<LogRecord>> finalView = readAll(log);
        assertThat(finalView.values().stream().mapToInt(List::size).sum()).isEqualTo(appended.size());
        seenByReader.forEach((reader, view) -> assertThat(view).as("reader %s", reader).isEqualTo(finalView));
    }

    @Test
    void appendingAnEmptyBatchChangesNothing() {
        EventLog log = open();
        await(log.append(mixedKeys("e", 10)));
        Map<LogPartition, Long> before = endOffsets(log);
        AppendAck ack = await(log.append(List.of()));
        assertThat(ack.count()).isZero();
        assertThat(endOffsets(log)).isEqualTo(before);
    }

    @Test
    void closeIsIdempotentAndLaterCallsFail() {
        EventLog log = openLog(dir);
        LogPartition p = await(log.partitions()).get(0);
        log.close();
        log.close();
        assertThatThrownBy(() -> await(log.append(mixedKeys("z", 1)))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> await(log.read(p, 0, 1, Duration.ZERO))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> await(log.commit("g", p, 0))).isInstanceOf(IllegalStateException.class);
    }

    // ------------------------------------------------------------------ helpers for subclasses too

    /** Waits for a future; its failure is rethrown as is (unchecked) so tests can assert on its type. */
    protected static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within " + CALL_TIMEOUT, e);
        }
    }

    /** Polls a condition every few milliseconds until it holds, failing after {@link #CALL_TIMEOUT}. */
    protected static void pollUntil(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** Clicks {@code prefix-0..n-1} of one key, carrying sequence numbers from {@code firstSeq}. */
    protected static List<Event> clicks(String prefix, String key, long firstSeq, int n) {
        List<Event> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(TestEvents.click(prefix + "-" + i, key, firstSeq + i));
        }
        return out;
    }

    /** Clicks spread over a dozen keys. */
    protected static List<Event> mixedKeys(String prefix, int n) {
        List<Event> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(TestEvents.click(prefix + "-" + i, "user-" + (i % 12), i));
        }
        return out;
    }

    /** Everything in the log, per partition, from offset 0 to the current end. */
    protected static Map<LogPartition, List<LogRecord>> readAll(EventLog log) {
        Map<LogPartition, List<LogRecord>> all = new LinkedHashMap<>();
        for (LogPartition p : await(log.partitions())) {
            all.put(p, readFrom(log, p, 0, await(log.endOffset(p))));
        }
        return all;
    }

    /** Records of a partition from {@code from} up to {@code end}, in as many reads as it takes. */
    protected static List<LogRecord> readFrom(EventLog log, LogPartition p, long from, long end) {
        List<LogRecord> out = new ArrayList<>();
        long next = from;
        while (next < end) {
            List<LogRecord> got = await(log.read(p, next, 1000, Duration.ofSeconds(5)));
            if (got.isEmpty()) {
                throw new AssertionError("no records at " + next + " of " + p + " although the end is " + end);
            }
            out.addAll(got);
            next = got.get(got.size() - 1).offset() + 1;
        }
        return out;
    }

    protected static Map<LogPartition, Long> endOffsets(EventLog log) {
        Map<LogPartition, Long> ends = new HashMap<>();
        for (LogPartition p : await(log.partitions())) {
            ends.put(p, await(log.endOffset(p)));
        }
        return ends;
    }

    /** The partition that holds the event with this id. */
    protected static LogPartition partitionHolding(EventLog log, String eventId) {
        return readAll(log).entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(r -> r.event().id().equals(eventId)))
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new AssertionError("no partition holds " + eventId));
    }

    private static long endOf(List<LogRecord> records) {
        return records.isEmpty() ? 0 : records.get(records.size() - 1).offset() + 1;
    }
}
