package io.mercator.hydration.store;

import io.vertx.core.Future;

import java.util.List;
import java.util.Map;

/**
 * An online store that hands writes, reads and counter updates to another; a test overrides what it
 * watches. Decoded reads take the port's default path through {@link #readHashes}, so a test that
 * counts hash reads counts them too. Closing it leaves the other store open.
 */
public class DelegatingStore implements OnlineStore {

    protected final OnlineStore target;

    public DelegatingStore(OnlineStore target) {
        this.target = target;
    }

    @Override
    public Future<Void> write(List<StoreWrite> writes) {
        return target.write(writes);
    }

    @Override
    public Future<List<Map<String, String>>> readHashes(List<String> keys) {
        return target.readHashes(keys);
    }

    @Override
    public Future<List<String>> readList(String key, int limit) {
        return target.readList(key, limit);
    }

    @Override
    public Future<Long> addWithin(String key, String field, long delta, long limit, java.time.Duration ttl) {
        return target.addWithin(key, field, delta, limit, ttl);
    }

    @Override
    public void close() {
    }
}
