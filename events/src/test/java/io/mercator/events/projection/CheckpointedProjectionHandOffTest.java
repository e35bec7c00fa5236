package io.mercator.events.projection;

import io.mercator.events.TestEvents;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of a checkpointed projection on one store, a partition moving between them as a
 * consumer group moves it: every event's increment lands once, however often it moves, and a
 * commit left unsettled by an instance that lost the partition neither lands twice nor blocks it
 * when the partition comes back.
 */
class CheckpointedProjectionHandOffTest {

    private static final LogPartition P = new LogPartition("events", 0);

    /** The shared store: counts and checkpoints, written all or nothing under the checkpoint guard. */
    private static final class Store implements CheckpointStore<Map.Entry<String, String>> {
        final Map<String, Integer> counts = new HashMap<>();
        final Map<String, String> checkpoints = new HashMap<>();
        boolean refuse;

        @Override
        public Future<Map<String, String>> read(String key) {
            return Future.succeededFuture(Map.copyOf(checkpoints));
        }

        @Override
        public Map.Entry<String, String> checkpointWrite(String key, String field, String value) {
            return Map.entry("checkpoint:" + field, value);
        }

        @Override
        public Future<Boolean> compareAndWrite(String key, String field, String expected,
                                               List<Map.Entry<String, String>> writes) {
            if (refuse) {
                return Future.failedFuture(new IllegalStateException("store unreachable"));
            }
            if (!Objects.equals(checkpoints.get(field), expected)) {
                return Future.succeededFuture(false);
            }
            for (Map.Entry<String, String> w : writes) {
                if (w.getKey().startsWith("checkpoint:")) {
                    checkpoints.put(w.getKey().substring("checkpoint:".length()), w.getValue());
                } else {
                    counts.merge(w.getKey(), 1, Integer::sum);
                }
            }
            return Future.succeededFuture(true);
        }
    }

    /** Stages one increment per event, keyed by event id, and remembers what it applied in memory. */
    private static final class Counting implements Projection, CheckpointedProjection.Staging<Map.Entry<String, String>> {
        final List<String> inMemory = new ArrayList<>();
        private final List<Map.Entry<String, String>> staged = new ArrayList<>();
        private boolean replaying;

        @Override
        public String id() {
            return "counts";
        }

        @Override
        public Future<Void> apply(List<LogRecord> batch) {
            for (LogRecord r : batch) {
                inMemory.add(r.event().id());
                if (!replaying) {
                    staged.add(Map.entry(r.event().id(), "+1"));
                }
            }
            return Future.succeededFuture();
        }

        @Override
        public void replaying(boolean replaying) {
            this.replaying = replaying;
        }

        @Override
        public List<Map.Entry<String, String>> drain() {
            List<Map.Entry<String, String>> out = List.copyOf(staged);
            staged.clear();
            return out;
        }
    }

    private static CheckpointedProjection<Map.Entry<String, String>> instance(Store store, Counting inner) {
        return new CheckpointedProjection<>(inner, inner, store);
    }

    private static List<LogRecord> records(int from, int to) {
        List<LogRecord> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(new LogRecord(P, i, TestEvents.click("e-" + i, "U-1", i)));
        }
        return out;
    }

    /** What a runner does when it takes a partition on: read from the projection's resume offset to {@code to}. */
    private static void readFromResume(CheckpointedProjection<?> p, int to) {
        int from = (int) p.resumeOffset(P);
        if (from < to) {
            assertThat(p.apply(records(from, to)).succeeded()).isTrue();
        }
    }

    @Test
    void everyIncrementLandsOnceWhileThePartitionMovesBackAndForth() {
        Store store = new Store();
        Counting innerA = new Counting();
        Counting innerB = new Counting();
        CheckpointedProjection<Map.Entry<String, String>> a = instance(store, innerA);
        CheckpointedProjection<Map.Entry<String, String>> b = instance(store, innerB);

        readFromResume(a, 10);          // a owns it: events 0..9
        a.released(List.of(P));
        b.takenOn(List.of(P));
        readFromResume(b, 25);          // b rebuilds 0..9 without writing, writes 10..24
        b.released(List.of(P));
        a.takenOn(List.of(P));
        assertThat(a.resumeOffset(P)).as("a reads on from where its memory ends").isEqualTo(10);
        readFromResume(a, 40);          // a catches up on 10..24 without writing, writes 25..39

        for (int i = 0; i < 40; i++) {
            assertThat(store.counts.get("e-" + i)).as("count of e-" + i).isEqualTo(1);
        }
        assertThat(store.checkpoints).containsEntry(P.toString(), "40");
        assertThat(innerA.inMemory).hasSize(40).doesNotHaveDuplicates();
        assertThat(innerB.inMemory).hasSize(25).doesNotHaveDuplicates();
    }

    @Test
    void aCommitLeftUnsettledAtAHandOffIsWrittenByTheNextOwnerAndDoesNotBlockTheReturn() {
        Store store = new Store();
        CheckpointedProjection<Map.Entry<String, String>> a = instance(store, new Counting());
        CheckpointedProjection<Map.Entry<String, String>> b = instance(store, new Counting());

        readFromResume(a, 10);
        store.refuse = true;
        assertThat(a.apply(records(10, 20)).failed()).as("the store refuses a's commit of 10..19").isTrue();
        store.refuse = false;
        a.released(List.of(P));         // the group moves the partition before a could retry

        b.takenOn(List.of(P));
        readFromResume(b, 30);          // b writes 10..29 from the stored checkpoint
        b.released(List.of(P));
        a.takenOn(List.of(P));
        readFromResume(a, 35);          // before the fix: a's old commit, refused as behind, blocked it for good

        for (int i = 0; i < 35; i++) {
            assertThat(store.counts.get("e-" + i)).as("count of e-" + i).isEqualTo(1);
        }
        assertThat(store.checkpoints).containsEntry(P.toString(), "35");
    }
}
