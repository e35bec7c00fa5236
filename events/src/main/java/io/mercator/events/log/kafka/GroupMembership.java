package io.mercator.events.log.kafka;

import io.mercator.events.Event;
import io.mercator.events.log.AppendAck;
import io.mercator.events.log.EventLog;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's membership in a Kafka consumer group: Kafka's group protocol decides which
 * partitions of the log this instance owns, so several instances of a projection split the work by
 * partition. Obtained from {@link KafkaEventLog#joinGroup}.
 *
 * <p>A subscribing consumer on a thread of its own takes part in the group: it polls to heartbeat
 * and rebalance, with every assigned partition paused so it never fetches (reads go through the
 * log's readers, which seek freely). Commits of the group go through this consumer, because Kafka
 * refuses offset commits for a group with live members from anyone who is not one of them.
 *
 * <p>{@link #log()} is the log as this member sees it: {@code partitions()} answers the current
 * assignment, and a {@code ProjectionRunner} on it follows the assignment as it changes. Before a
 * partition is given up in a rebalance, the runner is asked where it got to ({@link PartitionHandOff})
 * and that position is committed for the group, on the member's thread, inside Kafka's revocation
 * callback: the next owner finds the group's offset where this one stopped.
 */
public final class GroupMembership implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupMembership.class);
    /** How often the member polls: it bounds how late it notices a rebalance and runs a commit. */
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final String group;
    private final KafkaEventLog log;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Duration requestTimeout;
    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final List<Consumer<List<LogPartition>>> listeners = new CopyOnWriteArrayList<>();
    private final List<java.util.function.Function<List<LogPartition>, Map<LogPartition, Long>>> handOffs =
            new CopyOnWriteArrayList<>();
    private final Promise<GroupMembership> joined = Promise.promise();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Set<TopicPartition> owned = new HashSet<>(); // member thread only
    private volatile List<LogPartition> assignment = List.of();
    private final Thread thread;
    private final MemberLog view = new MemberLog();

    GroupMembership(String group, KafkaEventLog log, KafkaConsumer<String, byte[]> consumer,
                    Collection<String> topics, Duration requestTimeout) {
        this.group = group;
        this.log = log;
        this.consumer = consumer;
        this.requestTimeout = requestTimeout;
        this.thread = Thread.ofPlatform().name("kafka-group-member-" + group).daemon(true)
                .start(() -> run(List.copyOf(topics)));
    }

    public String group() {
        return group;
    }

    /** The partitions the group protocol gives this instance now, in topic and partition order. */
    public List<LogPartition> assignment() {
        return assignment;
    }

    /** Calls {@code listener} with the new assignment after every rebalance, on the member's thread. */
    public void onRebalance(Consumer<List<LogPartition>> listener) {
        listeners.add(listener);
    }

    /** The log as this member sees it: {@code partitions()} is this instance's share. */
    public EventLog log() {
        return view;
    }

    /** Completes once the first rebalance gave this member its assignment (possibly empty). */
    Future<GroupMembership> joined() {
        return joined.future();
    }

    // ------------------------------------------------------------------ member thread

    private void run(List<String> topics) {
        try {
            consumer.subscribe(topics, new Listener());
            while (!closed.get()) {
                runTasks();
                try {
                    consumer.poll(POLL_INTERVAL);
                } catch (WakeupException e) {
                    // a commit was queued or the membership closes: loop round to see which
                } catch (RuntimeException e) {
                    LOG.atWarn().addKeyValue("group", group).addKeyValue("error", e.toString())
                            .log("consumer group poll failed; retrying");
                    sleep(POLL_INTERVAL);
                }
            }
        } finally {
            runTasks(); // commits queued before close fail rather than hang
            try {
                consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(requestTimeout));
            } catch (RuntimeException e) {
                LOG.atDebug().addKeyValue("group", group).addKeyValue("error", e.toString())
                        .log("consumer group close failed");
            }
            joined.tryFail(new IllegalStateException("consumer group membership " + group + " was closed"));
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }

    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            owned.removeAll(partitions);
            publish(); // readers stop taking new batches of these partitions
            commitHandOff(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            owned.removeAll(partitions);
            publish();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // this consumer only holds the membership; records are read by the log's readers
            consumer.pause(partitions);
            owned.addAll(partitions);
            publish();
            joined.tryComplete(GroupMembership.this);
        }
    }

    /** Asks every reader where it got to on the revoked partitions and commits that, before they go. */
    private void commitHandOff(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty() || handOffs.isEmpty()) {
            return;
        }
        List<LogPartition> revoked = partitions.stream().map(tp -> new LogPartition(tp.topic(), tp.partition())).toList();
        Map<TopicPartition, OffsetAndMetadata> offsets = new java.util.HashMap<>();
        for (var handOff : handOffs) {
            try {
                handOff.apply(revoked).forEach((p, next) -> offsets.merge(new TopicPartition(p.topic(), p.partition()),
                        new OffsetAndMetadata(next), (a, b) -> a.offset() <= b.offset() ? a : b));
            } catch (RuntimeException e) {
                LOG.atWarn().addKeyValue("group", group).setCause(e).log("a reader could not hand its partitions off");
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets, requestTimeout);
        } catch (RuntimeException e) {
            // the next owner resumes where the projection's own state says (its checkpoint); only the
            // group's offset, which monitoring reads, stays behind
            LOG.atWarn().addKeyValue("group", group).addKeyValue("error", e.toString())
                    .log("commit of revoked partitions failed");
        }
    }

    private void publish() {
        List<LogPartition> now = owned.stream()
                .map(tp -> new LogPartition(tp.topic(), tp.partition()))
                .sorted(Comparator.comparing(LogPartition::topic).thenComparingInt(LogPartition::partition))
                .toList();
        if (now.equals(assignment)) {
            return;
        }
        assignment = now;
        for (Consumer<List<LogPartition>> l : listeners) {
            try {
                l.accept(now);
            } catch (RuntimeException e) {
                LOG.atWarn().addKeyValue("group", group).setCause(e).log("consumer group rebalance listener failed");
            }
        }
    }

    // ------------------------------------------------------------------ commits

    /** Commits through the member, so Kafka accepts it while the group has live members. */
    Future<Void> commit(LogPartition partition, long nextOffset) {
        Promise<Void> promise = Promise.promise();
        if (closed.get()) {
            promise.fail(new IllegalStateException("consumer group membership " + group + " is closed"));
            return promise.future();
        }
        TopicPartition tp = new TopicPartition(partition.topic(), partition.partition());
        tasks.add(() -> {
            if (closed.get()) {
                promise.tryFail(new IllegalStateException("consumer group membership " + group + " is closed"));
                return;
            }
            while (true) {
                try {
                    consumer.commitSync(Map.of(tp, new OffsetAndMetadata(nextOffset)), requestTimeout);
                    promise.tryComplete();
                    return;
                } catch (WakeupException e) {
                    // the wake-up meant for the poll (another commit queued) hit this commit: retry it
                    if (closed.get()) {
                        promise.tryFail(new IllegalStateException("consumer group membership " + group + " is closed"));
                        return;
                    }
                } catch (RuntimeException e) {
                    promise.tryFail(KafkaErrors.unavailable("commit of group " + group + " on " + partition, e));
                    return;
                }
            }
        });
        consumer.wakeup();
        return promise.future();
    }

    /** Leaves the group (its partitions go to the other members) and stops the member thread. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10) + requestTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runTasks(); // a commit queued while the thread stopped fails here (it sees closed) instead of hanging
        log.forget(this);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "GroupMembership[" + group + ", " + assignment.size() + " partitions]";
    }

    /** The shared log with this member's partitions; closing it leaves the group, not the log. */
    private final class MemberLog implements EventLog, io.mercator.events.log.PartitionHandOff {
        @Override
        public void onHandOff(java.util.function.Function<List<LogPartition>, Map<LogPartition, Long>> release) {
            handOffs.add(release);
        }

        @Override
        public Future<AppendAck> append(List<Event> events) {
            return log.append(events);
        }

        @Override
        public Future<List<LogPartition>> partitions() {
            if (closed.get()) {
                return Future.failedFuture(new IllegalStateException("consumer group membership " + group + " is closed"));
            }
            return Future.succeededFuture(assignment);
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
            return log.commit(group, partition, nextOffset);
        }

        @Override
        public Future<Long> committed(String group, LogPartition partition) {
            return log.committed(group, partition);
        }

        @Override
        public void close() {
            GroupMembership.this.close();
        }

        @Override
        public String toString() {
            return log + " as member of " + group;
        }
    }
}
