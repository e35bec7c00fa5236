package io.mercator.events.projection;

import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Merges what a runner read from several partitions into one stream in event-time order, keeping
 * each partition's own order.
 *
 * <p>On Kafka every event family is a topic of its own, and facts about one listing sit in
 * several (the listing, its text analysis, a moderator's decision; its seller's events under the
 * seller's key). Read partition after partition, a replay applied a whole batch of one topic before
 * the events of another that happened earlier: the fraud features of a listing saw a seller not yet
 * registered, a text analysis found no listing. The runner reads ahead from each partition into this
 * merge and applies what {@link #take} gives: the buffered records in time order, up to the earliest
 * point a partition that still has unread records could be at (the latest time in its last full
 * read). A partition that answered less than it was asked is at its end; it holds nothing older back.
 *
 * <p>Times come from the events ({@code ts}); within a partition they may go backwards a little
 * (clients' clocks), and then that partition's order wins. Caught up with the log, every partition
 * answers short reads, so nothing waits and the live path is as before. Not thread-safe: the
 * feeding thread alone uses it.
 */
final class TimeMerge {

    private static final class Ahead {
        final ArrayDeque<LogRecord> records = new ArrayDeque<>();
        /** The latest event time among the records of the last read. */
        long latest = Long.MIN_VALUE;
        /** The last read was full: the partition may hold more, and older, records than the others' heads. */
        boolean more;
    }

    private final Map<LogPartition, Ahead> ahead = new LinkedHashMap<>();

    /** Whether the partition's read-ahead is used up, so it needs a read before the next {@link #take}. */
    boolean needsRead(LogPartition p) {
        Ahead a = ahead.get(p);
        return a == null || a.records.isEmpty();
    }

    /** The next offset to read from the partition, given where the projection applied up to. */
    long readFrom(LogPartition p, long applied) {
        Ahead a = ahead.get(p);
        return a == null || a.records.isEmpty() ? applied : a.records.peekLast().offset() + 1;
    }

    /** What a read of the partition brought; {@code full} when it brought as many as it asked. */
    void offer(LogPartition p, List<LogRecord> read, boolean full) {
        Ahead a = ahead.computeIfAbsent(p, k -> new Ahead());
        if (a.records.isEmpty()) {
            a.latest = Long.MIN_VALUE;
        }
        for (LogRecord r : read) {
            a.records.addLast(r);
            a.latest = Math.max(a.latest, r.event().ts());
        }
        a.more = full;
    }

    /** Forgets a partition no longer read (handed off, gone): its records are read again by whoever reads it. */
    void drop(LogPartition p) {
        ahead.remove(p);
    }

    /** Whether records are waiting to be taken. */
    boolean isEmpty() {
        return ahead.values().stream().allMatch(a -> a.records.isEmpty());
    }

    /**
     * Up to {@code max} buffered records in event-time order (each partition's order kept, ties in
     * partition order), stopping before any record later than what a partition with more to read
     * could still hold, and as soon as such a partition's read-ahead is used up.
     */
    List<LogRecord> take(int max) {
        long bound = Long.MAX_VALUE;
        Set<LogPartition> holding = new HashSet<>();
        for (Map.Entry<LogPartition, Ahead> e : ahead.entrySet()) {
            if (e.getValue().more) {
                if (e.getValue().records.isEmpty()) {
                    return List.of(); // it must be read first: it may hold the oldest records of all
                }
                bound = Math.min(bound, e.getValue().latest);
                holding.add(e.getKey());
            }
        }
        Map<LogPartition, Integer> order = new HashMap<>();
        for (LogPartition p : ahead.keySet()) {
            order.put(p, order.size());
        }
        PriorityQueue<LogPartition> heads = new PriorityQueue<>(Comparator
                .comparingLong((LogPartition p) -> ahead.get(p).records.peekFirst().event().ts())
                .thenComparingInt(order::get));
        ahead.forEach((p, a) -> {
            if (!a.records.isEmpty()) {
                heads.add(p);
            }
        });
        List<LogRecord> out = new ArrayList<>();
        while (out.size() < max && !heads.isEmpty()) {
            LogPartition p = heads.poll();
            ArrayDeque<LogRecord> records = ahead.get(p).records;
            if (records.peekFirst().event().ts() > bound) {
                break; // the heads come in time order: every other is later still
            }
            out.add(records.pollFirst());
            if (!records.isEmpty()) {
                heads.add(p);
            } else if (holding.contains(p)) {
                break; // its next read may be older than the others' heads
            }
        }
        return out;
    }
}
