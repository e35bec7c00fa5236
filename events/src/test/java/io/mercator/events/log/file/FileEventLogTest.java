package io.mercator.events.log.file;

import io.mercator.events.Event;
import io.mercator.events.EventCodec;
import io.mercator.events.TestEvents;
import io.mercator.events.log.EventLog;
import io.mercator.events.log.EventLogContract;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract with three partitions and small segments, plus what only the file layout can show. */
class FileEventLogTest extends EventLogContract {

    private static final FileEventLog.Options CONTRACT_OPTIONS = new FileEventLog.Options(3, false, 16 * 1024);

    @Override
    protected EventLog openLog(Path dir) {
        return FileEventLog.open(dir, CONTRACT_OPTIONS);
    }

    private static final LogPartition P0 = new LogPartition(FileEventLog.TOPIC, 0);

    private FileEventLog openSingle(FileEventLog.Options options) {
        return FileEventLog.open(dir, options);
    }

    // ------------------------------------------------------------------ torn tails and corruption

    @Test
    void halfWrittenRecordAtTheTailIsCutOffOnReopen() throws IOException {
        List<Event> appended = appendAndClose(100);
        Path segment = lastSegment(0);
        byte[] frame = frameOf(TestEvents.click("torn", "key-1", 999));
        appendBytes(segment, java.util.Arrays.copyOf(frame, frame.length / 2));

        assertIntactAndWritable(appended);
    }

    @Test
    void garbageAtTheTailIsCutOffOnReopen() throws IOException {
        List<Event> appended = appendAndClose(100);
        byte[] garbage = new byte[777];
        new java.util.Random(3).nextBytes(garbage);
        appendBytes(lastSegment(0), garbage);

        assertIntactAndWritable(appended);
    }

    @Test
    void wholeFrameWithWrongChecksumAtTheTailIsCutOffOnReopen() throws IOException {
        List<Event> appended = appendAndClose(100);
        byte[] frame = frameOf(TestEvents.click("flipped", "key-1", 999));
        frame[frame.length - 3] ^= 0x40;
        appendBytes(lastSegment(0), frame);

        assertIntactAndWritable(appended);
    }

    @Test
    void zeroFilledTailIsCutOffOnReopen() throws IOException {
        List<Event> appended = appendAndClose(100);
        appendBytes(lastSegment(0), new byte[4096]);

        assertIntactAndWritable(appended);
    }

    @Test
    void corruptionInAnEarlierSegmentRefusesToOpen() throws IOException {
        try (FileEventLog log = openSingle(new FileEventLog.Options(1, false, 2048))) {
            await(log.append(clicks("a", "key-1", 0, 100)));
            assertThat(log.segmentCount(P0)).isGreaterThan(2);
        }
        Path first = segments(0).get(0);
        try (var ch = java.nio.channels.FileChannel.open(first, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[]{'#'}), 40);
        }
        // dropping it would lose acknowledged records of later segments, so the log must not guess
        assertThatThrownBy(() -> openSingle(new FileEventLog.Options(1, false, 2048)))
                .isInstanceOf(UncheckedIOException.class)
                .hasStackTraceContaining("is not the last one");
    }

    // ------------------------------------------------------------------ segments and partitions

    @Test
    void recordsRollOverManySegmentsAndReadBackAcrossThem() throws IOException {
        FileEventLog.Options options = new FileEventLog.Options(1, false, 4096);
        List<Event> appended = new ArrayList<>();
        try (FileEventLog log = openSingle(options)) {
            for (int b = 0; b < 40; b++) {
                List<Event> batch = clicks("s" + b, "key-1", b * 50L, 50);
                await(log.append(batch));
                appended.addAll(batch);
            }
            assertThat(log.segmentCount(P0)).isGreaterThan(50);
            assertThat(readAll(log).get(P0)).extracting(LogRecord::event).containsExactlyElementsOf(appended);
        }
        assertThat(segments(0)).allSatisfy(s -> assertThat(Files.size(s)).isLessThanOrEqualTo(4096));
        try (FileEventLog log = openSingle(options)) {
            // after a restart every read goes to the files: nothing is cached yet
            List<LogRecord> records = readAll(log).get(P0);
            assertThat(records).extracting(LogRecord::event).containsExactlyElementsOf(appended);
            assertThat(records).extracting(LogRecord::offset)
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(0, appended.size()).boxed().toList());
            Event more = TestEvents.click("after-restart", "key-1", 2000);
            await(log.append(List.of(more)));
            assertThat(await(log.read(P0, appended.size(), 10, Duration.ZERO))).extracting(LogRecord::event)
                    .containsExactly(more);
        }
    }

    @Test
    void aRecordLargerThanASegmentGetsASegmentOfItsOwn() {
        FileEventLog.Options options = new FileEventLog.Options(1, false, 1024);
        Event big = Event.of("big", TestEvents.TS, TestEvents.LISTING, new io.mercator.events.payload.ListingPayload.Removed("x".repeat(5000)));
        try (FileEventLog log = openSingle(options)) {
            await(log.append(List.of(TestEvents.click("small", "key-1", 0), big, TestEvents.click("small-2", "key-1", 1))));
        }
        try (FileEventLog log = openSingle(options)) {
            List<LogRecord> records = readAll(log).get(P0);
            assertThat(records).extracting(r -> r.event().id()).containsExactly("small", "big", "small-2");
            assertThat(records.get(1).event()).isEqualTo(big);
        }
    }

    @Test
    void routingSpreadsKeysOverPartitionsAndKeepsEachKeyInOne() {
        FileEventLog.Options options = new FileEventLog.Options(4, false, 64 * 1024);
        Map<String, Long> nextSeq = new HashMap<>();
        try (FileEventLog log = openSingle(options)) {
            for (int b = 0; b < 20; b++) {
                List<Event> batch = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    String key = "listing-" + ((b * 100 + i) * 7919 % 200);
                    batch.add(TestEvents.click("r" + b + "-" + i, key, nextSeq.merge(key, 1L, Long::sum) - 1));
                }
                await(log.append(batch));
            }
            Map<LogPartition, List<LogRecord>> all = readAll(log);
            assertThat(all.values()).as("every partition gets keys").allSatisfy(l -> assertThat(l).isNotEmpty());
            Map<String, Long> expectSeq = new HashMap<>();
            all.forEach((p, records) -> records.forEach(r -> {
                String key = r.event().key();
                assertThat(FileEventLog.partitionOf(key, 4)).isEqualTo(p.partition());
                long expected = expectSeq.merge(key, 1L, Long::sum) - 1;
                assertThat(TestEvents.seqOf(r.event())).as("order of %s", key).isEqualTo(expected);
            }));
            assertThat(expectSeq).isEqualTo(nextSeq);
        }
    }

    @Test
    void partitionOfIsStable() {
        // pinned values: changing the hash would move keys of an existing log to other partitions
        assertThat(FileEventLog.partitionOf("listing-42", 8)).isEqualTo(2);
        assertThat(FileEventLog.partitionOf("user-1", 8)).isEqualTo(1);
        assertThat(FileEventLog.partitionOf("S-1", 8)).isEqualTo(3);
        assertThat(FileEventLog.partitionOf("ร้านค้า", 8)).isEqualTo(0);
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            int p = FileEventLog.partitionOf("k" + i, 8);
            assertThat(p).isBetween(0, 7);
            used.add(p);
        }
        assertThat(used).hasSize(8);
    }

    @Test
    void reopeningWithAnotherPartitionCountIsRefused() {
        openSingle(new FileEventLog.Options(2, false, 64 * 1024)).close();
        assertThatThrownBy(() -> openSingle(new FileEventLog.Options(3, false, 64 * 1024)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 2 partitions");
    }

    @Test
    void aSecondInstanceCannotOpenTheSameDirectory() {
        try (FileEventLog log = openSingle(FileEventLog.Options.defaults())) {
            assertThatThrownBy(() -> openSingle(FileEventLog.Options.defaults()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already open");
            await(log.append(clicks("still", "k", 0, 1))); // the refused open left the first one working
        }
        openSingle(FileEventLog.Options.defaults()).close(); // and closing released the directory
    }

    @Test
    void fsyncModeStoresAndReopens() {
        FileEventLog.Options options = new FileEventLog.Options(2, true, 8 * 1024);
        List<Event> appended = new ArrayList<>();
        try (FileEventLog log = openSingle(options)) {
            for (int b = 0; b < 10; b++) {
                List<Event> batch = mixedKeys("f" + b, 30);
                await(log.append(batch));
                appended.addAll(batch);
            }
            await(log.commit("g", new LogPartition(FileEventLog.TOPIC, 1), 12));
        }
        try (FileEventLog log = openSingle(options)) {
            assertThat(readAll(log).values().stream().flatMap(List::stream).map(LogRecord::event))
                    .containsExactlyInAnyOrderElementsOf(appended);
            assertThat(await(log.committed("g", new LogPartition(FileEventLog.TOPIC, 1)))).isEqualTo(12);
        }
    }

    @Test
    void eventsTheCodecCouldNotReadBackAreRefused() {
        try (FileEventLog log = openSingle(FileEventLog.Options.defaults())) {
            Event noKey = TestEvents.click("id-1", null, 0);
            Event longId = TestEvents.click("x".repeat(129), "k", 0);
            assertThatThrownBy(() -> await(log.append(List.of(noKey)))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> await(log.append(List.of(longId)))).isInstanceOf(IllegalArgumentException.class);
            assertThat(await(log.endOffset(P0))).isZero();
        }
    }

    @Test
    void invalidArgumentsFailTheFuture() {
        try (FileEventLog log = openSingle(FileEventLog.Options.defaults())) {
            assertThatThrownBy(() -> await(log.read(new LogPartition("listing", 0), 0, 1, Duration.ZERO)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no partition");
            assertThatThrownBy(() -> await(log.read(new LogPartition(FileEventLog.TOPIC, 1), 0, 1, Duration.ZERO)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> await(log.read(P0, -1, 1, Duration.ZERO))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> await(log.read(P0, 0, 0, Duration.ZERO))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> await(log.commit("g", P0, -5))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void groupNamesThatAreNotFileNamesStillWork() {
        FileEventLog.Options options = FileEventLog.Options.defaults();
        try (FileEventLog log = openSingle(options)) {
            await(log.commit("../escape/ฟีเจอร์ *", P0, 9));
            await(log.commit("plain", P0, 4));
        }
        try (FileEventLog log = openSingle(options)) {
            assertThat(await(log.committed("../escape/ฟีเจอร์ *", P0))).isEqualTo(9);
            assertThat(await(log.committed("plain", P0))).isEqualTo(4);
        }
        assertThat(dir.getParent().resolve("escape")).doesNotExist();
    }

    // ------------------------------------------------------------------ Vert.x callers

    @Test
    void vertxCallersAreNotBlockedAndGetCallbacksOnTheirContext() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (FileEventLog log = openSingle(FileEventLog.Options.defaults())) {
            CompletableFuture<List<String>> outcome = new CompletableFuture<>();
            Context context = vertx.getOrCreateContext();
            context.runOnContext(v -> {
                Thread loop = Thread.currentThread();
                List<String> notes = new ArrayList<>();
                // a long wait must not hold the event loop: the append below runs on the same loop meanwhile
                log.read(P0, 0, 10, Duration.ofMinutes(5)).onComplete(ar -> {
                    notes.add("read on loop=" + (Thread.currentThread() == loop) + " ok=" + ar.succeeded()
                            + " n=" + (ar.succeeded() ? ar.result().size() : -1));
                    if (notes.size() == 2) {
                        outcome.complete(notes);
                    }
                });
                log.append(clicks("v", "key-1", 0, 2)).onComplete(ar -> {
                    notes.add("append on loop=" + (Thread.currentThread() == loop) + " ok=" + ar.succeeded());
                    if (notes.size() == 2) {
                        outcome.complete(notes);
                    }
                });
            });
            // the writer completes the append and wakes the reader from different threads, so the
            // two callbacks may reach the loop in either order; both must run there
            assertThat(outcome.get(30, TimeUnit.SECONDS))
                    .containsExactlyInAnyOrder("append on loop=true ok=true", "read on loop=true ok=true n=2");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    // ------------------------------------------------------------------ helpers

    private List<Event> appendAndClose(int n) {
        List<Event> appended = clicks("t", "key-1", 0, n);
        try (FileEventLog log = openSingle(FileEventLog.Options.defaults())) {
            await(log.append(appended.subList(0, n / 2)));
            await(log.append(appended.subList(n / 2, n)));
        }
        return appended;
    }

    private void assertIntactAndWritable(List<Event> appended) {
        Event next = TestEvents.click("next", "key-1", appended.size());
        try (FileEventLog log = openSingle(FileEventLog.Options.defaults())) {
            assertThat(await(log.endOffset(P0))).isEqualTo(appended.size());
            assertThat(readAll(log).get(P0)).extracting(LogRecord::event).containsExactlyElementsOf(appended);
            await(log.append(List.of(next)));
        }
        // the new record went where the torn bytes were, so a second restart reads it back whole
        try (FileEventLog log = openSingle(FileEventLog.Options.defaults())) {
            List<LogRecord> records = readAll(log).get(P0);
            assertThat(records).hasSize(appended.size() + 1);
            assertThat(records.get(appended.size()).event()).isEqualTo(next);
        }
    }

    private static byte[] frameOf(Event e) {
        byte[] payload = EventCodec.encode(e);
        ByteBuffer buf = ByteBuffer.allocate(RecordFrame.frameLength(payload));
        RecordFrame.put(buf, payload, new java.util.zip.CRC32C());
        return buf.array();
    }

    private static void appendBytes(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.APPEND);
    }

    private List<Path> segments(int partition) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("partition-" + partition))) {
            return files.filter(f -> f.toString().endsWith(".log")).sorted().toList();
        }
    }

    private Path lastSegment(int partition) throws IOException {
        List<Path> all = segments(partition);
        return all.get(all.size() - 1);
    }
}
