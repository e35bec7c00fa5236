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
 * <p>Every key holds an immutable {@link Value}. A write batch is grouped by key and each key's
 * writes are applied, in their order, to a private copy that is then published atomically with
 * {@link ConcurrentHashMap#compute}. Readers therefore never lock and never copy: what they get
 * is a snapshot nobody mutates, so later writes cannot show through it. Writes to different keys
 * are not atomic as a whole, exactly like a Redis pipeline.
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
     * One key's contents, never changed once published: exactly one of hash or list is non-null.
     * It also keeps what the last {@link #readDecoded} decoder made of the hash, so reads between
     * two writes of the key parse it once.
     */
    private static final class Value {
        private final Map<String, String> hash;
        private final List<String> list;
        private final long expiresAt;
        /** A benign race: two readers may both decode, and either result is the same. */
        private volatile Decoded decoded;

        Value(Map<String, String> hash, List<String> list, long expiresAt) {
            this.hash = hash;
            this.list = list;
            this.expiresAt = expiresAt;
        }

        Map<String, String> hash() {
            return hash;
        }

        List<String> list() {
            return list;
        }

        long expiresAt() {
            return expiresAt;
        }

        boolean expiredAt(long now) {
            return expiresAt != NEVER && now >= expiresAt;
        }

        @SuppressWarnings("unchecked")
        <T> T decode(Function<Map<String, String>, T> decoder) {
            Decoded d = decoded;
            if (d != null && d.decoder() == decoder) {
                return (T) d.value();
            }
            T value = decoder.apply(hash);
            decoded = new Decoded(decoder, value);
            return value;
        }
    }

    private record Decoded(Function<?, ?> decoder, Object value) {
    }

    private final Clock clock;
    private final ConcurrentHashMap<String, Value> data = new ConcurrentHashMap<>();
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
        // group by key keeping each key's order: one copy and one publish per key per batch
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
                Draft d = new Draft(old == null || old.expiredAt(now) ? null : old);
                if (group instanceof StoreWrite single) {
                    d.apply(single, now);
                } else {
                    @SuppressWarnings("unchecked")
                    List<StoreWrite> many = (List<StoreWrite>) group;
                    for (StoreWrite w : many) {
                        d.apply(w, now);
                    }
                }
                Value v = d.publish();
                if (v != null && v.expiresAt() != NEVER) {
                    expiring.add(key);
                }
                return v;
            });
        }
    }

    /** A key's contents being changed; copies the old value only when first modified. */
    private static final class Draft {
        private Map<String, String> hash;
        private List<String> list;
        private long expiresAt;
        private boolean hashCopied;

        Draft(Value old) {
            if (old != null) {
                hash = old.hash();
                list = old.list();
                expiresAt = old.expiresAt();
            } else {
                expiresAt = NEVER;
            }
        }

        void apply(StoreWrite w, long now) {
            switch (w) {
                case StoreWrite.SetFields s -> {
                    if (!s.fields().isEmpty()) {
                        mutableHash().putAll(s.fields());
                    }
                }
                case StoreWrite.IncrementField inc -> {
                    Map<String, String> h = mutableHash();
                    String cur = h.get(inc.field());
                    double base;
                    try {
                        base = cur == null ? 0.0 : Double.parseDouble(cur);
                    } catch (NumberFormatException e) {
                        throw new IllegalStateException("field " + inc.field() + " of " + inc.key()
                                + " is not a number", e);
                    }
                    h.put(inc.field(), formatNumber(base + inc.delta()));
                }
                case StoreWrite.DeleteFields del -> {
                    if (hash != null && !del.fields().isEmpty()) {
                        Map<String, String> h = mutableHash();
                        for (String f : del.fields()) {
                            h.remove(f);
                        }
                    } else if (list != null) {
                        throw wrongType(w);
                    }
                }
                case StoreWrite.Expire ex -> {
                    if (hash != null || list != null) {
                        expiresAt = now + Math.max(0, ex.ttl().toMillis());
                    }
                }
                case StoreWrite.ReplaceList rl -> {
                    // DEL + RPUSH: type and TTL start over
                    hash = null;
                    hashCopied = false;
                    expiresAt = NEVER;
                    list = rl.values().isEmpty() ? null : List.copyOf(rl.values());
                }
                case StoreWrite.DeleteKey ignored -> {
                    hash = null;
                    hashCopied = false;
                    list = null;
                    expiresAt = NEVER;
                }
            }
        }

        private Map<String, String> mutableHash() {
            if (list != null) {
                throw new IllegalStateException("key holds a list, not a hash");
            }
            if (!hashCopied) {
                hash = hash == null ? new HashMap<>() : new HashMap<>(hash);
                hashCopied = true;
            }
            return hash;
        }

        private static IllegalStateException wrongType(StoreWrite w) {
            return new IllegalStateException("key " + w.key() + " holds a list, not a hash");
        }

        Value publish() {
            if (list != null) {
                return new Value(null, list, expiresAt);
            }
            if (hash == null || hash.isEmpty()) {
                return null; // like Redis, a hash without fields does not exist
            }
            return new Value(hashCopied ? Collections.unmodifiableMap(hash) : hash, null, expiresAt);
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
            Value v = live(key, now);
            out.add(v == null || v.hash() == null ? Map.of() : v.hash());
        }
        return Future.succeededFuture(out);
    }

    @Override
    public <T> Future<List<T>> readDecoded(List<String> keys, Function<Map<String, String>, T> decoder) {
        long now = clock.millis();
        List<T> out = new ArrayList<>(keys.size());
        for (String key : keys) {
            Value v = live(key, now);
            out.add(v == null || v.hash() == null ? decoder.apply(Map.of()) : v.decode(decoder));
        }
        return Future.succeededFuture(out);
    }

    @Override
    public Future<List<String>> readList(String key, int limit) {
        Value v = live(key, clock.millis());
        if (v == null || v.list() == null || limit <= 0) {
            return Future.succeededFuture(List.of());
        }
        List<String> l = v.list();
        return Future.succeededFuture(l.size() <= limit ? l : l.subList(0, limit));
    }

    /** The key's value, or null when absent or expired (an expired one is removed on the way). */
    private Value live(String key, long now) {
        Value v = data.get(key);
        if (v != null && v.expiredAt(now)) {
            data.remove(key, v);
            expiring.remove(key);
            return null;
        }
        return v;
    }

    private void sweep(long now) {
        for (String key : expiring) {
            Value v = data.get(key);
            if (v == null || v.expiresAt() == NEVER) {
                expiring.remove(key);
            } else if (v.expiredAt(now)) {
                data.remove(key, v);
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
        data.forEach((k, v) -> {
            if (!v.expiredAt(now)) {
                out.put(k, v.list() != null ? v.list() : new java.util.TreeMap<>(v.hash()));
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
