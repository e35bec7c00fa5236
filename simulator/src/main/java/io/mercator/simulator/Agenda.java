package io.mercator.simulator;

import java.util.Arrays;

/**
 * What happens when, bucketed by simulated day: publications, registrations, sessions, planned
 * updates. Each entry packs (time within the day, kind, entity index) into one {@code long} so a
 * day sorts as a primitive array, in time order and, at equal times, in kind order (so a listing
 * published at the same millisecond as a session is live for it).
 */
final class Agenda {

    static final int SELLER_REGISTERED = 0, USER_JOINED = 1, SELLER_VERIFIED = 2, LISTING_PUBLISHED = 3,
            PRICE_DROP = 4, RESTOCK = 5, LISTING_REMOVED = 6, BOOST_STARTED = 7, SELLER_REPORTED = 8, SESSION = 9;

    private final long start;
    private final long[][] entries;
    private final int[] sizes;
    /** Days up to this one have been handed out; adding to them would be lost. */
    private int drained = -1;

    Agenda(long start, int days) {
        this.start = start;
        this.entries = new long[days][];
        this.sizes = new int[days];
    }

    /** Schedules an action; actions at or after the end of the span are dropped. */
    void add(long ts, int kind, int index) {
        long rel = ts - start;
        if (rel < 0) {
            throw new IllegalArgumentException("action before the span: " + ts);
        }
        long day = rel / SimulationConfig.DAY_MILLIS;
        if (day >= entries.length) {
            return;
        }
        int d = (int) day;
        if (d <= drained) {
            throw new IllegalStateException("day " + d + " was already simulated");
        }
        long inDay = rel - d * SimulationConfig.DAY_MILLIS;
        long[] e = entries[d];
        if (e == null) {
            e = entries[d] = new long[256];
        } else if (sizes[d] == e.length) {
            e = entries[d] = Arrays.copyOf(e, e.length * 2);
        }
        e[sizes[d]++] = inDay << 36 | (long) kind << 32 | (index & 0xFFFF_FFFFL);
    }

    /** The day's actions in time order; the day can take no more actions afterwards. */
    long[] drain(int day) {
        drained = day;
        long[] e = entries[day];
        entries[day] = null;
        if (e == null) {
            return new long[0];
        }
        long[] sorted = Arrays.copyOf(e, sizes[day]);
        Arrays.sort(sorted);
        return sorted;
    }

    static long offset(long entry) {
        return entry >>> 36;
    }

    static int kind(long entry) {
        return (int) (entry >>> 32) & 0xF;
    }

    static int index(long entry) {
        return (int) entry;
    }
}
