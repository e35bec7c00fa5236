package io.mercator.hydration.store.redis;

import io.mercator.events.projection.CheckpointStore;
import io.mercator.hydration.store.StoreWrite;
import io.vertx.core.Future;

import java.util.List;
import java.util.Map;

/** Checkpoints in Redis, committed with the projection's writes in one guarded MULTI/EXEC. */
public record RedisCheckpoints(RedisOnlineStore store) implements CheckpointStore<StoreWrite> {

    @Override
    public Future<Map<String, String>> read(String key) {
        return store.readHashes(List.of(key)).map(rows -> rows.get(0));
    }

    @Override
    public StoreWrite checkpointWrite(String key, String field, String value) {
        return new StoreWrite.SetFields(key, Map.of(field, value));
    }

    @Override
    public Future<Boolean> compareAndWrite(String key, String field, String expected, List<StoreWrite> writes) {
        return store.compareAndWrite(key, field, expected, writes);
    }
}
