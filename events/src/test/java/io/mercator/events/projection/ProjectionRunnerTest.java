package io.mercator.events.projection;

import io.mercator.events.Event;
import io.mercator.events.TestEvents;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.events.log.file.FileEventLog;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The runner against a real file log: order, de-duplication, recovery from failed applies. */
class ProjectionRunnerTest {

    private static final ProjectionRunner.Options OPTIONS =
            new ProjectionRunner.Options(16, Duration.ofMillis(50), 10_000, Duration.ofMillis(10));

    @TempDir
    Path dir;

    private FileEventLog log;
    private final List<ProjectionRunner> runners = new ArrayList<>();

    @AfterEach
    void close() {
        runners.forEach(ProjectionRunner::close);
        if (log != null) {
            log.close();
        }
    }

    /** Keeps what it was given; fails the apply whose batch holds a chosen event id, a set number of times. */
    private static final class Recording implements Projection {
        final List<Event> applied = new CopyOnWriteArrayList<>();
        final AtomicInteger batches = new AtomicInteger();
        final AtomicInteger failuresLeft = new AtomicInteger();
        volatile String failOn = "";
        final boolean throwSynchronously;

        Recording(boolean throwSynchronously) {
            this.throwSynchronously = throwSynchronously;
        }

        @Override
        public String id() {
            return "recording";
        }

        @Override
        public Future<Void> apply(List<LogRecord> batch) {
            boolean fail = batch.stream().anyMatch(r -> r.event().id().equals(failOn))
                    && failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            if (fail) {
                // a projection that applied part of the batch before failing must be idempotent;
                // this one applies nothing, so every event must come again
                if (throwSynchronously) {
                    throw new IllegalStateException("store down");
                }
                return Future.failedFuture(new IllegalStateException("store down"));
            }
            batch.forEach(r -> applied.add(r.event()));
            batches.incrementAndGet();
            return Future.succeededFuture();
        }
    }

    private ProjectionRunner start(Projection projection) {
        ProjectionRunner runner = new ProjectionRunner(log, projection, OPTIONS);
        runners.add(runner);
        runner.start().await();
        return runner;
    }

    @Test
    void everyEventIsAppliedOnceInOrderDespiteDuplicatesInTheLog() {
        log = FileEventLog.open(dir, new FileEventLog.Options(1, false, 64 * 1024));
        List<Event> unique = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            unique.add(TestEvents.click("e-" + i, "user-" + (i % 5), i));
        }
        // at-least-once producers retried: whole batches again, and duplicates inside one batch
        log.append(unique.subList(0, 40)).await();
        log.append(unique.subList(20, 60)).await();
        List<Event> withInnerDuplicates = new ArrayList<>(unique.subList(60, 100));
        withInnerDuplicates.add(5, unique.get(61));
        withInnerDuplicates.add(unique.get(99));
        log.append(withInnerDuplicates).await();

        Recording projection = new Recording(false);
        ProjectionRunner runner = start(projection);
        Map<LogPartition, Long> ends = ends();
        pollUntil(() -> runner.caughtUpTo(ends), "the runner catches up");

        assertThat(projection.applied).containsExactlyElementsOf(unique);
        assertThat(runner.appliedEvents()).isEqualTo(100);
        assertThat(runner.duplicateEvents()).isEqualTo(20 + 2);
        // the offset is committed once the log has gone quiet
        LogPartition p0 = new LogPartition(FileEventLog.TOPIC, 0);
        pollUntil(() -> log.committed("recording", p0).await().equals(ends.get(p0)), "the offset is committed");
    }

    @Test
    void offsetsAreCommittedOncePerIntervalAndWhenTheLogGoesQuietNotPerBatch() {
        log = FileEventLog.open(dir, new FileEventLog.Options(1, false, 64 * 1024));
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            events.add(TestEvents.click("e-" + i, "user-" + (i % 5), i));
        }
        log.append(events).await();
        AtomicInteger commits = new AtomicInteger();
        CountingCommits counting = new CountingCommits(log, commits);
        ProjectionRunner runner = new ProjectionRunner(counting, new Recording(false),
                new ProjectionRunner.Options(16, Duration.ofMillis(50), 10_000, Duration.ofMillis(10),
                        Duration.ofHours(1)));
        runners.add(runner);
        runner.start().await();
        Map<LogPartition, Long> ends = ends();
        LogPartition p0 = new LogPartition(FileEventLog.TOPIC, 0);
        pollUntil(() -> log.committed("recording", p0).await().equals(ends.get(p0)), "the end is committed");

        // 63 batches of 16 were applied; the hour-long interval leaves only the commit once the log went quiet
        assertThat(runner.appliedEvents()).isEqualTo(1_000);
        assertThat(commits.get()).isEqualTo(1);

        log.append(List.of(TestEvents.click("e-late", "user-1", 2_000))).await();
        Map<LogPartition, Long> later = ends();
        pollUntil(() -> log.committed("recording", p0).await().equals(later.get(p0)), "the new end is committed");
        assertThat(commits.get()).isEqualTo(2);
    }

    @Test
    void aSteadyTrickleOfEventsIsNotCommittedEventByEvent() throws InterruptedException {
        log = FileEventLog.open(dir, new FileEventLog.Options(1, false, 64 * 1024));
        AtomicInteger commits = new AtomicInteger();
        ProjectionRunner runner = new ProjectionRunner(new CountingCommits(log, commits), new Recording(false),
                new ProjectionRunner.Options(16, Duration.ofSeconds(2), 10_000, Duration.ofMillis(10),
                        Duration.ofHours(1)));
        runners.add(runner);
        runner.start().await();
        LogPartition p0 = new LogPartition(FileEventLog.TOPIC, 0);
        // one event every 10 ms: the runner catches up after each, but the log never goes quiet
        for (int i = 0; i < 30; i++) {
            log.append(List.of(TestEvents.click("t-" + i, "user-" + (i % 3), i))).await();
            Thread.sleep(10);
        }
        Map<LogPartition, Long> ends = ends();
        pollUntil(() -> runner.caughtUpTo(ends), "the runner catches up");
        assertThat(commits.get()).as("commits while events kept coming").isZero();

        // quiet for the read's wait: the position is committed
        pollUntil(() -> log.committed("recording", p0).await().equals(ends.get(p0)), "the end is committed");
        assertThat(commits.get()).isEqualTo(1);
    }

    @Test
    void eventsTricklingInAreAppliedInBatchesThatGatheredDuringTheLinger() throws InterruptedException {
        log = FileEventLog.open(dir, new FileEventLog.Options(1, false, 64 * 1024));
        Recording projection = new Recording(false);
        Duration linger = Duration.ofMillis(25);
        ProjectionRunner runner = new ProjectionRunner(log, projection,
                new ProjectionRunner.Options(4096, Duration.ofSeconds(2), 10_000, Duration.ofMillis(10),
                        Duration.ofSeconds(1), linger));
        runners.add(runner);
        runner.start().await();
        long start = System.nanoTime();
        for (int i = 0; i < 60; i++) {
            log.append(List.of(TestEvents.click("t-" + i, "user-" + (i % 3), i))).await();
            Thread.sleep(2);
        }
        Map<LogPartition, Long> ends = ends();
        pollUntil(() -> runner.caughtUpTo(ends), "the runner catches up");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(projection.applied).hasSize(60);
        // one apply as the first event arrives, then at most one per linger; read at once, each
        // of the sixty appends (2 ms apart) would be an apply of its own
        assertThat(projection.batches.get()).isLessThanOrEqualTo((int) (elapsedMs / linger.toMillis()) + 2);
    }

    @Test
    void aNegativeLingerIsRefused() {
        assertThatThrownBy(() -> new ProjectionRunner.Options(16, Duration.ofMillis(50), 100, Duration.ofMillis(10),
                Duration.ofSeconds(1), Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    /** The file log, counting the commits that go through it. */
    private record CountingCommits(FileEventLog log, AtomicInteger commits) implements io.mercator.events.log.EventLog {
        @Override
        public Future<io.mercator.events.log.AppendAck> append(List<Event> events) {
            return log.append(events);
        }

        @Override
        public Future<List<LogPartition>> partitions() {
            return log.partitions();
        }

        @Override
        public Future<List<LogRecord>> read(LogPartition partition, long fromOffset, int maxRecords, Duration maxWait) {
            return log.read(partition, fromOffset, maxRecords, maxWait);
        }

        @Override
        public Future<Long> endOffset(LogPartition partition) {
            return log.endOffset(partition);
        }

        @Override
        public Future<Void> commit(String group, LogPartition partition, long nextOffset) {
            commits.incrementAndGet();
            return log.commit(group, partition, nextOffset);
        }

        @Override
        public Future<Long> committed(String group, LogPartition partition) {
            return log.committed(group, partition);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aFailedApplyIsRetriedWithoutSkippingOrRepeating() {
        assertRecoversFromFailure(false);
    }

    @Test
    void anApplyThatThrowsIsRetriedWithoutSkippingOrRepeating() {
        assertRecoversFromFailure(true);
    }

    private void assertRecoversFromFailure(boolean throwSynchronously) {
        log = FileEventLog.open(dir, new FileEventLog.Options(2, false, 64 * 1024));
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            events.add(TestEvents.click("e-" + i, "user-" + (i % 9), i));
        }
        log.append(events).await();
        Recording projection = new Recording(throwSynchronously);
        projection.failOn = "e-77";
        projection.failuresLeft.set(3);

        ProjectionRunner runner = start(projection);
        Map<LogPartition, Long> ends = ends();
        pollUntil(() -> runner.caughtUpTo(ends), "the runner catches up after the failures");

        assertThat(runner.failures()).isEqualTo(3);
        assertThat(projection.applied).containsExactlyInAnyOrderElementsOf(events);
        assertPerKeyOrder(projection.applied);
    }

    @Test
    void caughtUpFollowsNewAppends() {
        log = FileEventLog.open(dir, new FileEventLog.Options(3, false, 64 * 1024));
        Recording projection = new Recording(false);
        ProjectionRunner runner = start(projection);
        assertThat(runner.caughtUpTo(ends())).as("an empty log is caught up").isTrue();

        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            events.add(TestEvents.click("e-" + i, "user-" + (i % 31), i));
        }
        log.append(events.subList(0, 250)).await();
        Map<LogPartition, Long> ends = ends();
        assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(250);
        pollUntil(() -> runner.caughtUpTo(ends), "caught up to the first half");
        log.append(events.subList(250, 500)).await();
        Map<LogPartition, Long> ends2 = ends();
        pollUntil(() -> runner.caughtUpTo(ends2), "caught up to the second half");

        assertThat(projection.applied).containsExactlyInAnyOrderElementsOf(events);
        assertPerKeyOrder(projection.applied);
        assertThat(runner.positions()).isEqualTo(ends2);
    }

    /**
     * A log read partition after partition applied one partition's events before what happened
     * earlier in another (on Kafka: a listing's text analysis before the listing). Catching up, the
     * runner applies the partitions merged in event-time order; so does a one-off replay.
     */
    @Test
    void catchingUpAppliesEveryPartitionInEventTimeOrder() {
        log = FileEventLog.open(dir, new FileEventLog.Options(3, false, 64 * 1024));
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            events.add(TestEvents.click("e-" + i, "user-" + (i % 31), i));
        }
        log.append(events).await();

        Recording running = new Recording(false);
        ProjectionRunner runner = start(running);
        Map<LogPartition, Long> ends = ends();
        pollUntil(() -> runner.caughtUpTo(ends), "the runner catches up");
        assertThat(running.applied).as("merged by time, not partition after partition").containsExactlyElementsOf(events);

        Recording replayed = new Recording(false);
        List<Long> progress = new ArrayList<>();
        ProjectionRunner.replay(log, replayed, progress::add);
        assertThat(replayed.applied).containsExactlyElementsOf(events);
        assertThat(progress).isSorted().last().isEqualTo(600L);
    }

    private Map<LogPartition, Long> ends() {
        Map<LogPartition, Long> ends = new HashMap<>();
        for (LogPartition p : log.partitions().await()) {
            ends.put(p, log.endOffset(p).await());
        }
        return ends;
    }

    private static void assertPerKeyOrder(List<Event> applied) {
        Map<String, Long> last = new HashMap<>();
        for (Event e : applied) {
            Long before = last.put(e.key(), TestEvents.seqOf(e));
            assertThat(before == null || before < TestEvents.seqOf(e)).as("order of %s", e.key()).isTrue();
        }
    }

    private static void pollUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
