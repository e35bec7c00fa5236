package io.mercator.hydration.store;

import io.vertx.core.Future;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The embedded online store: the same semantics as the Redis one, kept in this process.
 *
 * <p>Every key holds an {@link Entry}: a hash or a list, its expiry, and what the last
 * {@link #readDecoded} decoder made of the hash. A write batch is grouped by key and each key's
 * writes are applied, in their order, under that entry's lock, to the entry itself: a write that
 * fails part way (an increment of a text field) is undone, so a key's group is all or nothing.
 * Writes to different keys are not atomic as a whole, exactly like a Redis pipeline.
 *
 * <p>Why in place: the features projection rewrites a listing's row for every impression served,
 * twenty per request. Copying the row on every write (the first design) made each write a new
 * map of thirty nodes that stayed reachable until the next write, and copying those between
 * survivor spaces was most of every young-collection pause under load (README, "Speed"). Readers
 * still never see a half-applied group: {@link #readHashes} copies the hash under the lock, and a
 * decoded row is made under the lock and dropped by the next write.
 *
 * <p>TTLs are checked against the injected clock: an expired key reads as absent (and is removed
 * there), a write to an expired key starts from nothing, and a sweep over the keys that carry a
 * TTL runs at most once a second on the write path so keys nobody reads again do not pile up.
 */
public final class InProcessOnlineStore implements OnlineStore {

    /** Sentinel for "no TTL". */
    private static final long NEVER = Long.MAX_VALUE;
    private static final long SWEEP_INTERVAL_MS = 1_000;

    /**
     * One key's contents; at most one of hash or list is non-null. Fields are guarded by the
     * entry's lock, except {@link #decoded} (read without it) and {@link #expiresAt} (volatile so
     * that an expiry check needs no lock).
     */
    private static final class Entry {
        private HashMap<String, String> hash;
        /** Immutable once set. */
        private List<String> list;
        private volatile long expiresAt = NEVER;
        /** What the last decoder made of the hash as it is now; null after any write. */
        private volatile Decoded decoded;

        boolean expiredAt(long now) {
            long at = expiresAt;
            return at != NEVER && now >= at;
        }

        /** Nothing left: like Redis, a hash without fields does not exist. Call with the lock held. */
        boolean isEmpty() {
            return list == null && (hash == null || hash.isEmpty());
        }

        @SuppressWarnings("unchecked")
        <T> T decode(Function<Map<String, String>, T> decoder) {
            Decoded d = decoded;
            if (d != null && d.decoder() == decoder) {
                return (T) d.value();
            }
            synchronized (this) {
                d = decoded;
                if (d != null && d.decoder() == decoder) {
                    return (T) d.value();
                }
                // the decoder reads the live map under the lock and must not keep it (OnlineStore#readDecoded)
                T value = decoder.apply(hash == null ? Map.of() : Collections.unmodifiableMap(hash));
                decoded = new Decoded(decoder, value);
                return value;
            }
        }
    }

    private record Decoded(Function<?, ?> decoder, Object value) {
    }

    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> data = new ConcurrentHashMap<>();
    /** Keys that carry a TTL, so the sweep does not walk the whole store. */
    private final Set<String> expiring = ConcurrentHashMap.newKeySet();
    private volatile long nextSweepAt;

    public InProcessOnlineStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Future<Void> write(List<StoreWrite> writes) {
        try {
            long now = clock.millis();
            if (!writes.isEmpty()) {
                applyGrouped(writes, now);
            }
            if (now >= nextSweepAt) {
                nextSweepAt = now + SWEEP_INTERVAL_MS;
                sweep(now);
            }
            return Future.succeededFuture();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private void applyGrouped(List<StoreWrite> writes, long now) {
        // group by key keeping each key's order: one lock and one publish per key per batch
        Map<String, Object> byKey = new LinkedHashMap<>(Math.max(16, writes.size()));
        for (StoreWrite w : writes) {
            Object prev = byKey.putIfAbsent(w.key(), w);
            if (prev != null) {
                if (prev instanceof StoreWrite single) {
                    List<StoreWrite> many = new ArrayList<>(4);
                    many.add(single);
                    many.add(w);
                    byKey.put(w.key(), many);
                } else {
                    @SuppressWarnings("unchecked")
                    List<StoreWrite> many = (List<StoreWrite>) prev;
                    many.add(w);
                }
            }
        }
        for (Map.Entry<String, Object> e : byKey.entrySet()) {
            Object group = e.getValue();
            data.compute(e.getKey(), (key, old) -> {
                Entry entry = old == null || old.expiredAt(now) ? new Entry() : old;
                synchronized (entry) {
                    Change change = new Change(entry);
                    try {
                        if (group instanceof StoreWrite single) {
                            change.apply(single, now);
                        } else {
                            @SuppressWarnings("unchecked")
                            List<StoreWrite> many = (List<StoreWrite>) group;
                            for (StoreWrite w : many) {
                                change.apply(w, now);
                            }
                        }
                    } catch (RuntimeException ex) {
                        change.undo();
                        throw ex;
                    }
                    entry.decoded = null;
                    if (entry.isEmpty()) {
                        return null;
                    }
                    if (entry.expiresAt != NEVER) {
                        expiring.add(key);
                    }
                    return entry;
                }
            });
        }
    }

    /**
     * A key's group of writes being applied to its entry, with what is needed to undo them: the
     * first earlier value of each hash field touched, and the entry's type and TTL before.
     */
    private static final class Change {
        private static final String ABSENT = new String("absent");

        private final Entry entry;
        private final HashMap<String, String> hashBefore;
        private final List<String> listBefore;
        private final long expiresAtBefore;
        private Map<String, String> fieldsBefore;
        /** Set when the hash object itself was replaced (a list or key deletion), so undo restores it whole. */
        private boolean replacedHash;

        Change(Entry entry) {
            this.entry = entry;
            this.hashBefore = entry.hash;
            this.listBefore = entry.list;
            this.expiresAtBefore = entry.expiresAt;
        }

        void apply(StoreWrite w, long now) {
            switch (w) {
                case StoreWrite.SetFields s -> {
                    if (!s.fields().isEmpty()) {
                        HashMap<String, String> h = hash(w);
                        for (Map.Entry<String, String> f : s.fields().entrySet()) {
                            remember(h, f.getKey());
                            h.put(f.getKey(), f.getValue());
                        }
                    }
                }
                case StoreWrite.IncrementField inc -> {
                    HashMap<String, String> h = hash(w);
                    String cur = h.get(inc.field());
                    double base;
                    try {
                        base = cur == null ? 0.0 : Double.parseDouble(cur);
                    } catch (NumberFormatException e) {
                        throw new IllegalStateException("field " + inc.field() + " of " + inc.key()
                                + " is not a number", e);
                    }
                    remember(h, inc.field());
                    h.put(inc.field(), formatNumber(base + inc.delta()));
                }
                case StoreWrite.DeleteFields del -> {
                    if (entry.hash != null && !del.fields().isEmpty()) {
                        for (String f : del.fields()) {
                            remember(entry.hash, f);
                            entry.hash.remove(f);
                        }
                    } else if (entry.list != null) {
                        throw wrongType(w);
                    }
                }
                case StoreWrite.Expire ex -> {
                    if (entry.hash != null && !entry.hash.isEmpty() || entry.list != null) {
                        entry.expiresAt = now + Math.max(0, ex.ttl().toMillis());
                    }
                }
                case StoreWrite.ReplaceList rl -> {
                    // DEL + RPUSH: type and TTL start over
                    dropHash();
                    entry.expiresAt = NEVER;
                    entry.list = rl.values().isEmpty() ? null : List.copyOf(rl.values());
                }
                case StoreWrite.DeleteKey ignored -> {
                    dropHash();
                    entry.list = null;
                    entry.expiresAt = NEVER;
                }
            }
        }

        private HashMap<String, String> hash(StoreWrite w) {
            if (entry.list != null) {
                throw wrongType(w);
            }
            if (entry.hash == null) {
                entry.hash = new HashMap<>();
                replacedHash = true;
            }
            return entry.hash;
        }

        private void dropHash() {
            if (entry.hash != null) {
                entry.hash = null;
                replacedHash = true;
            }
        }

        private void remember(Map<String, String> h, String field) {
            if (replacedHash) {
                return; // undo puts the old hash object back whole
            }
            if (fieldsBefore == null) {
                fieldsBefore = new HashMap<>();
            }
            if (!fieldsBefore.containsKey(field)) {
                String before = h.get(field);
                fieldsBefore.put(field, before == null ? ABSENT : before);
            }
        }

        /** Puts the entry back as it was before the group. */
        void undo() {
            if (fieldsBefore != null && hashBefore != null) {
                for (Map.Entry<String, String> f : fieldsBefore.entrySet()) {
                    if (f.getValue() == ABSENT) {
                        hashBefore.remove(f.getKey());
                    } else {
                        hashBefore.put(f.getKey(), f.getValue());
                    }
                }
            }
            entry.hash = hashBefore;
            entry.list = listBefore;
            entry.expiresAt = expiresAtBefore;
        }

        private static IllegalStateException wrongType(StoreWrite w) {
            return new IllegalStateException("key " + w.key() + " holds a list, not a hash");
        }
    }

    /**
     * Integral values print without a fraction, as Redis' HINCRBYFLOAT does, so both stores give
     * the same strings for counters.
     */
    static String formatNumber(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    @Override
    public Future<List<Map<String, String>>> readHashes(List<String> keys) {
        long now = clock.millis();
        List<Map<String, String>> out = new ArrayList<>(keys.size());
        for (String key : keys) {
            Entry e = live(key, now);
            if (e == null) {
                out.add(Map.of());
                continue;
            }
            synchronized (e) {
                // a copy: later writes must not show through what was read
                out.add(e.hash == null ? Map.of() : Map.copyOf(e.hash));
            }
        }
        return Future.succeededFuture(out);
    }

    @Override
    public boolean keepsDecodedRows() {
        return true;
    }

    @Override
    public <T> Future<List<T>> readDecoded(List<String> keys, Function<Map<String, String>, T> decoder) {
        long now = clock.millis();
        List<T> out = new ArrayList<>(keys.size());
        for (String key : keys) {
            Entry e = live(key, now);
            out.add(e == null ? decoder.apply(Map.of()) : e.decode(decoder));
        }
        return Future.succeededFuture(out);
    }

    @Override
    public Future<List<String>> readList(String key, int limit) {
        Entry e = live(key, clock.millis());
        List<String> l;
        if (e == null) {
            l = null;
        } else {
            synchronized (e) {
                l = e.list;
            }
        }
        if (l == null || limit <= 0) {
            return Future.succeededFuture(List.of());
        }
        return Future.succeededFuture(l.size() <= limit ? l : l.subList(0, limit));
    }

    @Override
    public Future<Long> addWithin(String key, String field, long delta, long limit, java.time.Duration ttl) {
        long now = clock.millis();
        long[] added = {0};
        try {
            data.compute(key, (k, old) -> {
                Entry entry = old == null || old.expiredAt(now) ? new Entry() : old;
                synchronized (entry) {
                    if (entry.list != null) {
                        throw new IllegalStateException("key " + k + " holds a list, not a hash");
                    }
                    String cur = entry.hash == null ? null : entry.hash.get(field);
                    long current;
                    try {
                        current = cur == null ? 0 : Long.parseLong(cur);
                    } catch (NumberFormatException e) {
                        throw new IllegalStateException("field " + field + " of " + k + " is not a whole number", e);
                    }
                    added[0] = Bounded.add(current, delta, limit);
                    if (added[0] != 0) {
                        if (entry.hash == null) {
                            entry.hash = new HashMap<>();
                        }
                        entry.hash.put(field, Long.toString(current + added[0]));
                        entry.decoded = null;
                    }
                    if (entry.isEmpty()) {
                        return null;
                    }
                    entry.expiresAt = now + Math.max(0, ttl.toMillis());
                    expiring.add(k);
                    return entry;
                }
            });
            return Future.succeededFuture(added[0]);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** The key's entry, or null when absent or expired (an expired one is removed on the way). */
    private Entry live(String key, long now) {
        Entry e = data.get(key);
        if (e != null && e.expiredAt(now)) {
            data.remove(key, e);
            expiring.remove(key);
            return null;
        }
        return e;
    }

    private void sweep(long now) {
        for (String key : expiring) {
            Entry e = data.get(key);
            if (e == null || e.expiresAt == NEVER) {
                expiring.remove(key);
            } else if (e.expiredAt(now)) {
                data.remove(key, e);
                expiring.remove(key);
            }
        }
    }

    /**
     * Every live key with its hash (a sorted map) or list, sorted by key: a whole-store snapshot
     * for comparing replays and for debugging, not for the request path.
     */
    public java.util.SortedMap<String, Object> contents() {
        long now = clock.millis();
        java.util.SortedMap<String, Object> out = new java.util.TreeMap<>();
        data.forEach((k, e) -> {
            if (!e.expiredAt(now)) {
                synchronized (e) {
                    if (e.list != null) {
                        out.put(k, e.list);
                    } else if (e.hash != null && !e.hash.isEmpty()) {
                        out.put(k, new java.util.TreeMap<>(e.hash));
                    }
                }
            }
        });
        return out;
    }

    /** Number of keys held, expired ones not yet removed included; for tests and metrics. */
    public int size() {
        return data.size();
    }

    @Override
    public void close() {
        data.clear();
        expiring.clear();
    }
}
