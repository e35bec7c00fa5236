package io.mercator.service.backends;

import io.mercator.hydration.store.StoreWrite;
import io.vertx.core.Future;

import java.util.List;
import java.util.Map;

/**
 * Where a projection keeps its per-partition checkpoints, in the same store as its writes, so that
 * the two can be committed together.
 */
public interface CheckpointStore {

    /** The checkpoint hash: partition name to next offset, as strings; empty when none was written. */
    Future<Map<String, String>> read(String key);

    /**
     * Applies the writes (which include the new checkpoint) all or nothing, if the checkpoint field
     * still holds {@code expected} ({@code null}: absent). {@code true}: applied; {@code false}: the
     * field held something else and nothing was written. A failure leaves the outcome unknown;
     * {@link #read} tells.
     */
    Future<Boolean> compareAndWrite(String key, String field, String expected, List<StoreWrite> writes);
}
