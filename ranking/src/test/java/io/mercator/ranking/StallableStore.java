package io.mercator.ranking;

import io.mercator.hydration.store.OnlineStore;
import io.mercator.hydration.store.StoreWrite;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real in-process store behind a switch: hash reads of keys with a given prefix can be made to
 * never answer (a Redis that hangs), and reads are counted so tests can check batching.
 */
final class StallableStore implements OnlineStore {

    private final OnlineStore real;
    volatile String stallPrefix;
    final AtomicInteger hashReads = new AtomicInteger();

    StallableStore(OnlineStore real) {
        this.real = real;
    }

    @Override
    public Future<Void> write(List<StoreWrite> writes) {
        return real.write(writes);
    }

    @Override
    public Future<List<Map<String, String>>> readHashes(List<String> keys) {
        hashReads.incrementAndGet();
        String prefix = stallPrefix;
        if (prefix != null && !keys.isEmpty() && keys.get(0).startsWith(prefix)) {
            return Promise.<List<Map<String, String>>>promise().future();
        }
        return real.readHashes(keys);
    }

    @Override
    public Future<List<String>> readList(String key, int limit) {
        return real.readList(key, limit);
    }

    @Override
    public Future<Long> addWithin(String key, String field, long delta, long limit, java.time.Duration ttl) {
        return real.addWithin(key, field, delta, limit, ttl);
    }

    @Override
    public void close() {
    }
}
