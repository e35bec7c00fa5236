package io.mercator.events.projection;

import it.unimi.dsi.fastutil.longs.LongOpenHashSet;

import java.nio.charset.StandardCharsets;

/**
 * The event ids a projection has applied, so an at-least-once redelivery changes nothing.
 *
 * <p>Ids are kept as 64-bit hashes (a collision among 10^8 ids has odds near 10^-4) in a
 * bounded first-in-first-out window: a duplicate that arrives after {@code capacity} newer
 * events is no longer recognised. Single-threaded, like the runner that owns it.
 */
public final class SeenEvents {

    private final LongOpenHashSet seen;
    private final long[] ring;
    private int next;
    private boolean full;

    public SeenEvents(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.seen = new LongOpenHashSet(Math.min(capacity, 1 << 20));
        this.ring = new long[capacity];
    }

    /** Returns true the first time an id is offered, false for a duplicate. */
    public boolean firstTime(String eventId) {
        long h = hash(eventId);
        if (!seen.add(h)) {
            return false;
        }
        if (full) {
            seen.remove(ring[next]);
        }
        ring[next] = h;
        next++;
        if (next == ring.length) {
            next = 0;
            full = true;
        }
        return true;
    }

    /** True when the id is in the window; unlike {@link #firstTime} it records nothing. */
    boolean contains(String eventId) {
        return seen.contains(hash(eventId));
    }

    public int size() {
        return seen.size();
    }

    /** 64-bit FNV-1a over the UTF-8 bytes, then a murmur finaliser to spread the bits. */
    static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
