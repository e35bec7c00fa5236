package io.mercator.events.projection;

import io.vertx.core.Future;

import java.util.List;
import java.util.Map;

/**
 * Where a {@link CheckpointedProjection} keeps its per-partition checkpoints: in the same store as
 * its writes, so that the two can be committed together.
 *
 * @param <W> the store's write
 */
public interface CheckpointStore<W> {

    /** The checkpoint hash: partition name to next offset, as strings; empty when none was written. */
    Future<Map<String, String>> read(String key);

    /** The write that sets one field of the checkpoint hash, committed with the projection's own. */
    W checkpointWrite(String key, String field, String value);

    /**
     * Applies the writes (which include the new checkpoint) all or nothing, if the checkpoint field
     * still holds {@code expected} ({@code null}: absent). {@code true}: applied; {@code false}: the
     * field held something else and nothing was written. A failure leaves the outcome unknown;
     * {@link #read} tells.
     */
    Future<Boolean> compareAndWrite(String key, String field, String expected, List<W> writes);
}
