package io.mercator.events.projection;

import io.mercator.events.log.LogRecord;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;

import java.util.ArrayList;
import java.util.List;

/**
 * The event ids a projection runner has applied, so an at-least-once redelivery changes nothing.
 * The runner is the one place events are de-duplicated; projections see each id once.
 *
 * <p>Ids are kept as 64-bit hashes (a collision among 10^8 ids has odds near 10^-4) in a
 * bounded first-in-first-out window: a duplicate that arrives after {@code capacity} newer
 * events is no longer recognised. The window's memory grows with the ids it holds, up to
 * {@code capacity} (at 4 million, about 100 MB): a runner over a small log pays for a small window,
 * and a process running a dozen runners does not reserve a full window for each at start.
 * Single-threaded, like the runner that owns it.
 */
public final class SeenEvents {

    private final LongOpenHashSet seen;
    /** Hashes of the batch being sorted by {@link #unseen}; reused. */
    private final LongOpenHashSet inBatch = new LongOpenHashSet();
    /** How many ids the ring holds when created; it doubles as ids arrive, up to {@link #capacity}. */
    static final int INITIAL_RING = 1 << 12;

    private final int capacity;
    private long[] ring;
    private int next;
    private boolean full;

    public SeenEvents(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.seen = new LongOpenHashSet(Math.min(capacity, INITIAL_RING));
        this.ring = new long[Math.min(capacity, INITIAL_RING)];
    }

    /**
     * The records of a batch whose ids were neither applied before nor met earlier in the batch,
     * in order. Records nothing: call {@link #remember} once they are applied, so that a failed
     * apply's retry offers them again.
     */
    public Unseen unseen(List<LogRecord> batch) {
        List<LogRecord> fresh = new ArrayList<>(batch.size());
        long[] hashes = new long[batch.size()];
        inBatch.clear();
        for (LogRecord r : batch) {
            long h = hash(r.event().id());
            if (!seen.contains(h) && inBatch.add(h)) {
                hashes[fresh.size()] = h;
                fresh.add(r);
            }
        }
        return new Unseen(fresh, hashes, batch.size() - fresh.size());
    }

    /** Marks the records of {@link #unseen}'s answer as applied. */
    public void remember(Unseen applied) {
        for (int i = 0; i < applied.records().size(); i++) {
            firstTimeHash(applied.hashes[i]);
        }
    }

    /**
     * What {@link #unseen} kept.
     *
     * @param records    the records to apply, in log order
     * @param duplicates how many records of the batch it dropped
     */
    public record Unseen(List<LogRecord> records, long[] hashes, int duplicates) {
    }

    /** Returns true the first time an id is offered, false for a duplicate. */
    public boolean firstTime(String eventId) {
        return firstTimeHash(hash(eventId));
    }

    /** {@link #firstTime} for an id already hashed with {@link #hash}. */
    boolean firstTimeHash(long h) {
        if (!seen.add(h)) {
            return false;
        }
        if (full) {
            seen.remove(ring[next]);
        }
        ring[next] = h;
        next++;
        if (next == ring.length) {
            if (ring.length < capacity) {
                ring = java.util.Arrays.copyOf(ring, (int) Math.min(capacity, 2L * ring.length)); // not full yet: grow
            } else {
                next = 0;
                full = true;
            }
        }
        return true;
    }

    /** True when the id is in the window; unlike {@link #firstTime} it records nothing. */
    boolean contains(String eventId) {
        return containsHash(hash(eventId));
    }

    boolean containsHash(long h) {
        return seen.contains(h);
    }

    public int size() {
        return seen.size();
    }

    /**
     * 64-bit FNV-1a over the UTF-8 bytes, then a murmur finaliser to spread the bits. The bytes are
     * produced in the loop rather than by {@code getBytes}: this runs for every event of every
     * projection, and the copy was the largest allocation of a loaded service. A lone surrogate
     * counts as {@code '?'}, as {@code getBytes(UTF_8)} has it.
     */
    static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        int n = id.length();
        for (int i = 0; i < n; i++) {
            char c = id.charAt(i);
            if (c < 0x80) {
                h = fnv(h, c);
            } else if (c < 0x800) {
                h = fnv(fnv(h, 0xc0 | c >> 6), 0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(id.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, id.charAt(++i));
                h = fnv(fnv(fnv(fnv(h, 0xf0 | cp >> 18), 0x80 | cp >> 12 & 0x3f), 0x80 | cp >> 6 & 0x3f),
                        0x80 | cp & 0x3f);
            } else if (Character.isSurrogate(c)) {
                h = fnv(h, '?');
            } else {
                h = fnv(fnv(fnv(h, 0xe0 | c >> 12), 0x80 | c >> 6 & 0x3f), 0x80 | c & 0x3f);
            }
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private static long fnv(long h, int b) {
        return (h ^ (b & 0xff)) * 0x100000001b3L;
    }
}
