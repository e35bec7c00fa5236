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

    /** Up to {@code limit} nearest listings to the vector, nearest first (score = similarity). */
    Future<List<RecallHit>> nearest(float[] vector, int limit);

    @Override
    void close();
}
