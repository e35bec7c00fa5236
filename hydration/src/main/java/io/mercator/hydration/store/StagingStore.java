package io.mercator.hydration.store;

import io.mercator.events.projection.CheckpointedProjection;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The store a {@link CheckpointedProjection} is built over: reads go to the real store, writes are
 * either kept, to be committed with the checkpoint, or dropped, while replaying events whose
 * writes the store already holds. Used by one projection runner thread at a time.
 */
public final class StagingStore implements OnlineStore, CheckpointedProjection.Staging<StoreWrite> {

    private final OnlineStore reads;
    private final List<StoreWrite> staged = new ArrayList<>();
    private boolean replaying;

    public StagingStore(OnlineStore reads) {
        this.reads = reads;
    }

    /** While true, writes are dropped: they describe events the store already reflects. */
    @Override
    public void replaying(boolean replaying) {
        this.replaying = replaying;
    }

    @Override
    public List<StoreWrite> drain() {
        List<StoreWrite> out = List.copyOf(staged);
        staged.clear();
        return out;
    }

    @Override
    public Future<Void> write(List<StoreWrite> writes) {
        if (!replaying) {
            staged.addAll(writes);
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<List<Map<String, String>>> readHashes(List<String> keys) {
        return reads.readHashes(keys);
    }

    @Override
    public Future<List<String>> readList(String key, int limit) {
        return reads.readList(key, limit);
    }

    /** Not a projection's write: a bounded counter is shared and acts at once, on the real store. */
    @Override
    public Future<Long> addWithin(String key, String field, long delta, long limit, java.time.Duration ttl) {
        return reads.addWithin(key, field, delta, limit, ttl);
    }

    /** The real store belongs to whoever opened it. */
    @Override
    public void close() {
    }
}
