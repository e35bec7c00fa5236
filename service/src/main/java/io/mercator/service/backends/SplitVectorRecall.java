package io.mercator.service.backends;

import io.mercator.recall.RecallHit;
import io.mercator.recall.VectorRecall;
import io.vertx.core.Future;

import java.util.List;

/**
 * Vector recall over two clients of the same collection: nearest-neighbour searches bounded by the
 * request path's timeout, upserts and deletes with a timeout that fits batch writes (see
 * {@link SplitKeywordRecall}).
 */
record SplitVectorRecall(VectorRecall searches, VectorRecall writes) implements VectorRecall {

    @Override
    public Future<Void> upsert(List<Entry> entries) {
        return writes.upsert(entries);
    }

    @Override
    public Future<Void> delete(List<String> listingIds) {
        return writes.delete(listingIds);
    }

    @Override
    public Future<Void> refresh() {
        return writes.refresh();
    }

    @Override
    public Future<List<RecallHit>> nearest(float[] vector, int limit) {
        return searches.nearest(vector, limit);
    }

    @Override
    public void close() {
        searches.close();
        writes.close();
    }
}
