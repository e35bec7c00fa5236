package io.mercator.recall;

import io.vertx.core.Future;

import java.util.List;

/**
 * Vector recall port: approximate nearest neighbours by cosine similarity. Implementations:
 * embedded Lucene HNSW (default) and Milvus; both pass {@code VectorRecallContract}.
 */
public interface VectorRecall extends AutoCloseable {

    /** One listing's embedding; the vector length is the embedder's dimension. */
    record Entry(String listingId, float[] vector) {
    }

    Future<Void> upsert(List<Entry> entries);

    Future<Void> delete(List<String> listingIds);

    Future<Void> refresh();

    /**
     * Merges the index into its fastest shape for searching, after a bulk load: for an embedded HNSW
     * index, one graph instead of one per segment. Searches go on meanwhile; it may take seconds, so
     * call it off the event loop. Engines that compact on their own (Milvus) need do nothing.
     */
    default Future<Void> compact() {
        return Future.succeededFuture();
    }

    /** Up to {@code limit} nearest listings to the vector, nearest first (score = similarity). */
    Future<List<RecallHit>> nearest(float[] vector, int limit);

    @Override
    void close();
}
