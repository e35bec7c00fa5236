package io.mercator.events.log.kafka;

import io.mercator.events.Event;
import io.mercator.events.TestEvents;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.events.projection.Projection;
import io.mercator.events.projection.ProjectionRunner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.mercator.events.log.kafka.KafkaTesting.await;
import static io.mercator.events.log.kafka.KafkaTesting.endOffsets;
import static io.mercator.events.log.kafka.KafkaTesting.pollUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** Two instances of a projection in one consumer group split the partitions and the work. */
class KafkaGroupMembershipTest {

    private static final Duration REBALANCE = Duration.ofSeconds(60);

    private static Vertx vertx;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private KafkaEventLog open(String prefix, String instance) {
        KafkaEventLog log = await(KafkaEventLog.start(vertx, KafkaEventLogTest.options(prefix).withClientId(instance)));
        toClose.add(log);
        return log;
    }

    /** Keeps what it applied. */
    private static final class Recording implements Projection {
        final List<LogRecord> applied = new CopyOnWriteArrayList<>();
        private final String group;

        Recording(String group) {
            this.group = group;
        }

        @Override
        public String id() {
            return group;
        }

        @Override
        public Future<Void> apply(List<LogRecord> batch) {
            applied.addAll(batch);
            return Future.succeededFuture();
        }
    }

    @Test
    void twoInstancesInOneGroupSplitThePartitionsAndTheWork() {
        String prefix = "group-" + System.nanoTime();
        String group = "popularity-" + System.nanoTime();
        KafkaEventLog a = open(prefix, "instance-a");
        KafkaEventLog b = open(prefix, "instance-b");
        Set<LogPartition> all = Set.copyOf(await(a.partitions()));

        GroupMembership ma = await(a.joinGroup(group), REBALANCE);
        GroupMembership mb = await(b.joinGroup(group), REBALANCE);
        pollUntil(() -> splitBetween(all, ma.assignment(), mb.assignment()), REBALANCE,
                "both members own a disjoint share that together covers every partition");
        assertThat(ma.assignment()).isNotEmpty();
        assertThat(mb.assignment()).isNotEmpty();
        assertThat(await(a.assignedPartitions(group))).isEqualTo(ma.assignment());

        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            events.add(TestEvents.click("g-" + i, "user-" + (i % 40), i));
        }
        await(a.append(events));

        // each runner reads only its member's partitions and commits through its membership
        ProjectionRunner.Options options = new ProjectionRunner.Options(64, Duration.ofMillis(50), 10_000, Duration.ofMillis(20));
        Recording pa = new Recording(group);
        Recording pb = new Recording(group);
        ProjectionRunner ra = new ProjectionRunner(ma.log(), pa, options);
        ProjectionRunner rb = new ProjectionRunner(mb.log(), pb, options);
        toClose.add(ra);
        toClose.add(rb);
        await(ra.start());
        await(rb.start());
        Map<LogPartition, Long> ends = endOffsets(a);
        pollUntil(() -> ra.caughtUpTo(only(ends, ma.assignment())) && rb.caughtUpTo(only(ends, mb.assignment())),
                Duration.ofSeconds(30), "both runners catch up on their share");

        assertThat(pa.applied).allSatisfy(r -> assertThat(ma.assignment()).contains(r.partition()));
        assertThat(pb.applied).allSatisfy(r -> assertThat(mb.assignment()).contains(r.partition()));
        List<String> together = new ArrayList<>();
        pa.applied.forEach(r -> together.add(r.event().id()));
        pb.applied.forEach(r -> together.add(r.event().id()));
        assertThat(together).as("every event applied once, by one instance or the other")
                .containsExactlyInAnyOrderElementsOf(events.stream().map(Event::id).toList());
        assertThat(pa.applied).isNotEmpty();
        assertThat(pb.applied).isNotEmpty();
        // the members' commits were accepted by Kafka although the group has live members (each
        // runner commits once its next read finds nothing, a moment after it caught up)
        pollUntil(() -> ends.entrySet().stream().allMatch(e -> await(a.committed(group, e.getKey())).equals(e.getValue())),
                Duration.ofSeconds(30), "both members commit where they caught up");
        for (Map.Entry<LogPartition, Long> e : ends.entrySet()) {
            assertThat(await(a.committed(group, e.getKey()))).as("committed on %s", e.getKey()).isEqualTo(e.getValue());
        }

        // when one instance leaves, the other is given everything
        rb.close();
        mb.close();
        pollUntil(() -> Set.copyOf(ma.assignment()).equals(all), REBALANCE, "the remaining member owns every partition");
    }

    private static boolean splitBetween(Set<LogPartition> all, List<LogPartition> x, List<LogPartition> y) {
        Set<LogPartition> union = new HashSet<>(x);
        union.addAll(y);
        Set<LogPartition> common = new HashSet<>(x);
        common.retainAll(y);
        return union.equals(all) && common.isEmpty();
    }

    private static Map<LogPartition, Long> only(Map<LogPartition, Long> ends, List<LogPartition> mine) {
        Map<LogPartition, Long> out = new java.util.HashMap<>(ends);
        out.keySet().retainAll(mine);
        return out;
    }

    /**
     * A projection on a store both instances share, exactly once per partition by a checkpoint kept
     * with the counts (as {@code CheckpointedProjection} keeps it in Redis): a new owner of a
     * partition resumes from the checkpoint, wherever the last owner stopped.
     */
    private static final class SharedCounts {
        private final Map<LogPartition, Long> checkpoints = new java.util.HashMap<>();
        private final Map<String, Integer> counts = new java.util.HashMap<>();

        synchronized void apply(List<LogRecord> batch) {
            for (LogRecord r : batch) {
                if (r.offset() < checkpoints.getOrDefault(r.partition(), 0L)) {
                    continue; // already applied by this or another instance
                }
                counts.merge(r.event().id(), 1, Integer::sum);
                checkpoints.put(r.partition(), r.offset() + 1);
            }
        }

        synchronized long resume(LogPartition p) {
            return checkpoints.getOrDefault(p, 0L);
        }

        synchronized Map<String, Integer> counts() {
            return Map.copyOf(counts);
        }
    }

    private static final class OnSharedStore implements Projection {
        final Set<LogPartition> read = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final String group;
        private final SharedCounts store;

        OnSharedStore(String group, SharedCounts store) {
            this.group = group;
            this.store = store;
        }

        @Override
        public String id() {
            return group;
        }

        @Override
        public Future<Void> apply(List<LogRecord> batch) {
            batch.forEach(r -> read.add(r.partition()));
            store.apply(batch);
            return Future.succeededFuture();
        }

        @Override
        public long resumeOffset(LogPartition partition) {
            return store.resume(partition);
        }
    }

    @Test
    void runnersFollowTheAssignmentAsMembersJoinAndLeaveAndCountEveryEventOnce() {
        String prefix = "follow-" + System.nanoTime();
        String group = "features-" + System.nanoTime();
        KafkaEventLog a = open(prefix, "instance-a");
        KafkaEventLog b = open(prefix, "instance-b");
        Set<LogPartition> all = Set.copyOf(await(a.partitions()));
        SharedCounts store = new SharedCounts();
        ProjectionRunner.Options options = new ProjectionRunner.Options(64, Duration.ofMillis(50), 10_000, Duration.ofMillis(20));
        List<String> appended = new ArrayList<>();

        // one instance alone owns every partition
        GroupMembership ma = await(a.joinGroup(group), REBALANCE);
        pollUntil(() -> Set.copyOf(ma.assignment()).equals(all), REBALANCE, "the first member owns every partition");
        OnSharedStore pa = new OnSharedStore(group, store);
        ProjectionRunner ra = new ProjectionRunner(ma.log(), pa, options);
        toClose.add(ra);
        await(ra.start());
        appended.addAll(append(a, 0, 300));
        pollUntil(() -> store.counts().size() == 300, Duration.ofSeconds(30), "the first instance applies everything");
        Map<LogPartition, Long> firstEnds = endOffsets(a);

        // a second instance joins: the first hands some partitions over, mid-stream
        GroupMembership mb = await(b.joinGroup(group), REBALANCE);
        OnSharedStore pb = new OnSharedStore(group, store);
        ProjectionRunner rb = new ProjectionRunner(mb.log(), pb, options);
        toClose.add(rb);
        await(rb.start());
        pollUntil(() -> !mb.assignment().isEmpty() && ma.assignment().size() < all.size(), REBALANCE,
                "the group splits the partitions");
        appended.addAll(append(a, 300, 600));
        pollUntil(() -> store.counts().size() == 600, Duration.ofSeconds(30), "the two instances apply their shares");
        assertThat(pb.read).as("the second instance read what it was given").isNotEmpty();
        // the handed-off partitions' positions were committed for the group on the way: at least
        // where the first instance had got to when it gave them up
        assertThat(mb.assignment().stream().mapToLong(firstEnds::get).sum()).isPositive();
        for (LogPartition p : mb.assignment()) {
            assertThat(await(a.committed(group, p))).as("committed at hand-off on %s", p)
                    .isGreaterThanOrEqualTo(firstEnds.get(p));
        }

        // the second instance vanishes (its membership ends, its runner is never told): the first takes
        // its partitions back and goes on from the shared checkpoints
        mb.close();
        pollUntil(() -> Set.copyOf(ma.assignment()).equals(all), REBALANCE, "the remaining member owns every partition");
        appended.addAll(append(a, 600, 900));
        pollUntil(() -> store.counts().size() == 900, Duration.ofSeconds(30), "the first instance applies the rest");

        assertThat(store.counts().keySet()).containsExactlyInAnyOrderElementsOf(appended);
        assertThat(store.counts().values()).as("every event counted once").containsOnly(1);
        Set<LogPartition> withEvents = new HashSet<>();
        endOffsets(a).forEach((p, end) -> {
            if (end > 0) {
                withEvents.add(p);
            }
        });
        assertThat(pa.read).as("the first instance read every partition that has events").containsAll(withEvents);
    }

    private static List<String> append(KafkaEventLog log, int from, int to) {
        List<Event> events = new ArrayList<>();
        for (int i = from; i < to; i++) {
            events.add(TestEvents.click("f-" + i, "user-" + (i % 40), i));
        }
        await(log.append(events));
        return events.stream().map(Event::id).toList();
    }
}
