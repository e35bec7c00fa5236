package io.mercator.events.log.kafka;

import io.mercator.events.Event;
import io.mercator.events.TestEvents;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.events.log.LogUnavailableException;
import io.mercator.events.projection.Projection;
import io.mercator.events.projection.ProjectionRunner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static io.mercator.events.log.kafka.KafkaTesting.await;
import static io.mercator.events.log.kafka.KafkaTesting.endOffsets;
import static io.mercator.events.log.kafka.KafkaTesting.pollUntil;
import static io.mercator.events.log.kafka.KafkaTesting.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The log while the broker goes away and comes back (the shared test broker is stopped and
 * restarted on the same ports and data), and the projection runner's commit discipline on Kafka.
 */
class KafkaEventLogFaultTest {

    /** Short timeouts, so a dead broker shows within seconds. */
    private static final Duration DELIVERY = Duration.ofSeconds(3);
    private static final Duration REQUEST = Duration.ofSeconds(1);
    /** The latest an append may fail: the log's own bound plus scheduling slack on a busy machine. */
    private static final Duration APPEND_BOUND = DELIVERY.plus(REQUEST).plusSeconds(5);

    private static Vertx vertx;
    private final List<KafkaEventLog> opened = new CopyOnWriteArrayList<>();
    private String prefix;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @AfterEach
    void cleanUp() {
        opened.forEach(KafkaEventLog::close);
        KafkaBroker.shared(); // restarts the broker if a failed test left it stopped
    }

    private KafkaEventLog open(TestInfo test) {
        return open(test, DELIVERY, REQUEST);
    }

    private KafkaEventLog open(TestInfo test, Duration delivery, Duration request) {
        prefix = "fault-" + test.getTestMethod().orElseThrow().getName() + "-" + System.nanoTime();
        KafkaEventLog.Options options = KafkaEventLogTest.options(prefix).withTimeouts(delivery, request);
        KafkaEventLog log = await(KafkaEventLog.start(vertx, options));
        opened.add(log);
        return log;
    }

    /**
     * Appends, retrying while the broker still elects leaders for new topics or is starting again
     * (a retried batch may be stored twice: only for checks that ask "is it there").
     */
    private static void appendWhileTheBrokerSettles(KafkaEventLog log, List<Event> events) {
        pollUntil(() -> {
            try {
                await(log.append(events), APPEND_BOUND);
                return true;
            } catch (LogUnavailableException e) {
                return false;
            }
        }, Duration.ofSeconds(60), "an append succeeds");
    }

    private static List<Event> batch(String prefix, int n) {
        List<Event> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(TestEvents.click(prefix + "-" + i, "user-" + (i % 7), i));
        }
        return out;
    }

    @Test
    void appendFailsInBoundedTimeWhileTheBrokerIsDownAndWorksAgainAfterARestart(TestInfo test) {
        KafkaEventLog log = open(test);
        List<Event> before = batch("before", 20);
        appendWhileTheBrokerSettles(log, before);
        LogPartition p = await(log.partitions()).get(0);

        KafkaBroker.shared().stop();
        Future<?> append = log.append(batch("down", 20));
        assertThatThrownBy(() -> await(append, APPEND_BOUND)).isInstanceOf(LogUnavailableException.class);
        assertThatThrownBy(() -> await(log.endOffset(p), APPEND_BOUND)).isInstanceOf(LogUnavailableException.class);
        assertThatThrownBy(() -> await(log.read(p, 0, 10, Duration.ZERO), APPEND_BOUND))
                .isInstanceOf(LogUnavailableException.class);
        assertThatThrownBy(() -> await(log.commit("g", p, 1), APPEND_BOUND)).isInstanceOf(LogUnavailableException.class);

        KafkaBroker.shared().restart();
        List<Event> after = batch("after", 20);
        // the clients reconnect on their own; the first appends may still meet a broker that is starting
        appendWhileTheBrokerSettles(log, after);
        Set<String> ids = ids(readAll(log));
        assertThat(ids).containsAll(idsOf(before)).containsAll(idsOf(after));
    }

    @Test
    void noAcknowledgedEventIsLostWhenTheBrokerStopsMidStream(TestInfo test) throws Exception {
        KafkaEventLog log = open(test);
        AppendStream stream = new AppendStream(log);
        try {
            pollUntil(() -> stream.acknowledged.size() >= 500, Duration.ofSeconds(60), "500 events acknowledged");
            KafkaBroker.shared().stop();
            pollUntil(() -> stream.failedBatches.get() > 0, APPEND_BOUND.multipliedBy(2), "appends fail while the broker is down");
            int acknowledgedBeforeRestart = stream.acknowledged.size();
            KafkaBroker.shared().restart();
            pollUntil(() -> stream.acknowledged.size() >= acknowledgedBeforeRestart + 500, Duration.ofSeconds(60),
                    "appends are acknowledged again after the restart");
        } finally {
            stream.stop();
        }
        assertEveryAcknowledgedEventStoredInOrder(log, stream);
    }

    /**
     * The broker in a process of its own, killed with SIGKILL while a producer writes with
     * {@code acks=all}: no clean shutdown, no flush. Every event acknowledged before the kill, and
     * after the restart, is in the log; nothing that was never appended is.
     */
    @Test
    void noAcknowledgedEventIsLostWhenTheBrokerProcessIsKilled() throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start()) {
            KafkaEventLog.Options options = KafkaEventLog.Options.defaults(broker.bootstrapServers())
                    .withTopicPrefix("kill-" + System.nanoTime()).withTopology(3, 1).withClientId("mercator-test")
                    .withTimeouts(DELIVERY, REQUEST);
            KafkaEventLog log = await(KafkaEventLog.start(vertx, options));
            opened.add(log);
            AppendStream stream = new AppendStream(log);
            try {
                pollUntil(() -> stream.acknowledged.size() >= 500, Duration.ofSeconds(60), "500 events acknowledged");
                broker.kill();
                pollUntil(() -> stream.failedBatches.get() > 0, APPEND_BOUND.multipliedBy(2),
                        "appends fail while the broker is dead");
                int acknowledgedBeforeRestart = stream.acknowledged.size();
                broker.restart();
                pollUntil(() -> stream.acknowledged.size() >= acknowledgedBeforeRestart + 500, Duration.ofSeconds(90),
                        "appends are acknowledged again after the restart");
            } finally {
                stream.stop();
            }
            assertEveryAcknowledgedEventStoredInOrder(log, stream);
            System.out.printf("broker SIGKILL: %d events acknowledged (acks=all), all in the log after the restart;"
                    + " %d batches failed while it was dead%n", stream.acknowledged.size(), stream.failedBatches.get());
        }
    }

    /** Batches of 25 appended back to back, four in flight at once, so a fault catches some between send and acknowledgement. */
    private static final class AppendStream {
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final Set<String> attempted = ConcurrentHashMap.newKeySet();
        final AtomicInteger failedBatches = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Semaphore inFlight = new Semaphore(4);
        private final Thread appender;

        AppendStream(KafkaEventLog log) {
            appender = Thread.ofPlatform().name("fault-appender").start(() -> {
                int b = 0;
                while (running.get()) {
                    try {
                        if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                            continue;
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                    List<Event> events = batch("s" + b++, 25);
                    events.forEach(e -> attempted.add(e.id()));
                    log.append(events).onComplete(ar -> {
                        if (ar.succeeded()) {
                            events.forEach(e -> acknowledged.add(e.id()));
                        } else {
                            failedBatches.incrementAndGet();
                        }
                        inFlight.release();
                    });
                }
            });
        }

        /** Stops appending and waits until the appends in flight have settled. */
        void stop() throws InterruptedException {
            running.set(false);
            appender.join(TimeUnit.SECONDS.toMillis(10));
            pollUntil(() -> inFlight.availablePermits() == 4, APPEND_BOUND.multipliedBy(2), "the last appends settle");
        }
    }

    private static void assertEveryAcknowledgedEventStoredInOrder(KafkaEventLog log, AppendStream stream) {
        Set<String> acknowledged = stream.acknowledged;
        Set<String> attempted = stream.attempted;
        Map<LogPartition, List<LogRecord>> all = readAll(log);
        Set<String> stored = ids(all);
        assertThat(stored).as("every acknowledged event is in the log").containsAll(acknowledged);
        assertThat(attempted).as("the log holds nothing that was not appended").containsAll(stored);
        // per key, what is stored is in append order (a retried-and-failed batch may be partly there)
        all.values().forEach(records -> {
            Map<String, Long> last = new HashMap<>();
            for (LogRecord r : records) {
                String batchId = r.event().id().substring(0, r.event().id().indexOf('-'));
                long order = Long.parseLong(batchId.substring(1)) * 1000 + TestEvents.seqOf(r.event());
                Long before = last.put(r.event().key(), order);
                assertThat(before == null || before < order).as("order of %s", r.event().key()).isTrue();
            }
        });
    }

    @Test
    void startFailsWithLogUnavailableWhenNoBrokerAnswers() {
        KafkaEventLog.Options options = KafkaEventLog.Options.defaults("127.0.0.1:1")
                .withTopicPrefix("nowhere").withTopology(1, 1).withTimeouts(DELIVERY, REQUEST);
        assertThatThrownBy(() -> await(KafkaEventLog.start(vertx, options), APPEND_BOUND.multipliedBy(2)))
                .isInstanceOf(LogUnavailableException.class);
    }

    // ------------------------------------------------------------------ commit after processing

    /** Keeps what it applied; refuses every batch holding {@link #failOn} while {@link #failing} is set. */
    private static final class Flaky implements Projection {
        final List<LogRecord> applied = new CopyOnWriteArrayList<>();
        final AtomicInteger refusals = new AtomicInteger();
        volatile String failOn = "";
        volatile boolean failing = true;

        @Override
        public String id() {
            return "flaky";
        }

        @Override
        public Future<Void> apply(List<LogRecord> batch) {
            if (failing && batch.stream().anyMatch(r -> r.event().id().equals(failOn))) {
                refusals.incrementAndGet();
                return Future.failedFuture(new IllegalStateException("store down"));
            }
            applied.addAll(batch);
            return Future.succeededFuture();
        }
    }

    @Test
    void aFailedApplyIsNotCommittedAndNotSkipped(TestInfo test) {
        // no broker fault here: the usual timeouts, since the broker a test before may have just
        // restarted and still be electing leaders for this test's new topics (CI once took > 3 s)
        KafkaEventLog log = open(test, Duration.ofSeconds(30), Duration.ofSeconds(5));
        List<Event> events = batch("p", 300);
        await(log.append(events));
        LogRecord poisoned = readAll(log).values().stream().flatMap(List::stream)
                .filter(r -> r.event().id().equals("p-150")).findFirst().orElseThrow();
        Flaky projection = new Flaky();
        projection.failOn = "p-150";
        ProjectionRunner runner = new ProjectionRunner(log, projection,
                new ProjectionRunner.Options(16, Duration.ofMillis(50), 10_000, Duration.ofMillis(20)));
        try {
            await(runner.start());
            pollUntil(() -> projection.refusals.get() >= 3, Duration.ofSeconds(30), "the runner retries the failing batch");
            // while the batch fails, the group's offset in Kafka stays at or before the failing event
            long committed = await(log.committed("flaky", poisoned.partition()));
            assertThat(committed).isLessThanOrEqualTo(poisoned.offset());
            assertThat(projection.applied).extracting(r -> r.event().id()).doesNotContain("p-150");

            projection.failing = false;
            Map<LogPartition, Long> ends = endOffsets(log);
            pollUntil(() -> runner.caughtUpTo(ends), Duration.ofSeconds(30), "the runner catches up");
            assertThat(projection.applied).extracting(r -> r.event().id())
                    .containsExactlyInAnyOrderElementsOf(idsOf(events));
            // the runner commits once its next read finds nothing, a moment after it caught up
            pollUntil(() -> ends.entrySet().stream().allMatch(e -> await(log.committed("flaky", e.getKey()))
                    .equals(e.getValue())), Duration.ofSeconds(30), "the runner commits where it caught up");
            for (Map.Entry<LogPartition, Long> e : ends.entrySet()) {
                assertThat(await(log.committed("flaky", e.getKey()))).as("committed on %s", e.getKey())
                        .isEqualTo(e.getValue());
            }
        } finally {
            runner.close();
        }
    }

    private static Set<String> ids(Map<LogPartition, List<LogRecord>> all) {
        return all.values().stream().flatMap(List::stream).map(r -> r.event().id()).collect(Collectors.toSet());
    }

    private static List<String> idsOf(List<Event> events) {
        return events.stream().map(Event::id).toList();
    }
}
