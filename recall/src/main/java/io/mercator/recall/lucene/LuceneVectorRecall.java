package io.mercator.recall.lucene;

import io.mercator.recall.RecallHit;
import io.mercator.recall.VectorChecks;
import io.mercator.recall.VectorRecall;
import io.mercator.recall.embedding.UnitVector;
import io.vertx.core.Future;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.TopDocs;

import java.util.List;

/**
 * Vector recall on an embedded, in-memory Lucene HNSW graph ({@link KnnFloatVectorField}).
 *
 * <p>Scores are cosine similarities in [-1, 1], so they compare with the Milvus implementation.
 * Vectors are scaled to unit length on the way in (indexed and query vectors alike) and compared by
 * dot product, which for unit vectors is the cosine: Lucene's cosine computes both norms again on
 * every comparison, three times the arithmetic of a dot product (Lucene's (1 + dot) / 2 is mapped
 * back to [-1, 1]). A vector of the wrong dimension fails the future
 * with a message naming both dimensions. An all-zero vector (text without tokens) has no direction:
 * upserting one removes the listing from the index, and searching with one finds nothing.
 *
 * <p>Futures complete synchronously on the calling thread; {@code nearest(v, 500)} is CPU work of a
 * millisecond or two, so the ranking pipeline calls it off the event loop. Thread-safe like
 * {@link LuceneKeywordRecall}.
 */
public final class LuceneVectorRecall implements VectorRecall {

    /** Most hits one search returns, whatever the limit asked. */
    public static final int MAX_HITS = 1_000;

    /**
     * HNSW shape. {@code maxConn} 16 and {@code beamWidth} 100 are Lucene's defaults; measured in
     * {@code RecallSpeed}, they keep {@code nearest(v, 500)} in low single-digit milliseconds at
     * 60,000 listings. More connections buy recall at the cost of build time and latency.
     *
     * @param maxConn   neighbours per node
     * @param beamWidth candidates considered while inserting a node
     */
    public record GraphShape(int maxConn, int beamWidth) {
        public static GraphShape defaults() {
            return new GraphShape(16, 100);
        }
    }

    static final String VECTOR = "vector";

    private final int dimension;
    private final LuceneIndex index;
    private final ListingIds ids = new ListingIds();

    public LuceneVectorRecall(int dimension, GraphShape shape) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be positive, got " + dimension);
        }
        this.dimension = dimension;
        KnnVectorsFormat format = new Lucene99HnswVectorsFormat(shape.maxConn(), shape.beamWidth());
        this.index = new LuceneIndex(null, new Lucene104Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return format;
            }
        });
    }

    public LuceneVectorRecall(int dimension) {
        this(dimension, GraphShape.defaults());
    }

    public int dimension() {
        return dimension;
    }

    @Override
    public Future<Void> upsert(List<Entry> entries) {
        try {
            for (Entry e : entries) {
                VectorChecks.requireDimension(e.vector(), dimension, "listing " + e.listingId());
            }
            for (Entry e : entries) {
                Term id = ListingIds.term(e.listingId());
                if (VectorChecks.isZero(e.vector())) {
                    index.writer().deleteDocuments(id);
                    continue;
                }
                Document doc = new Document();
                ListingIds.addTo(doc, e.listingId());
                doc.add(new KnnFloatVectorField(VECTOR, UnitVector.normalisedCopy(e.vector()),
                        VectorSimilarityFunction.DOT_PRODUCT));
                index.writer().updateDocument(id, doc);
            }
            return Future.succeededFuture();
        } catch (Exception ex) {
            return Future.failedFuture(ex);
        }
    }

    @Override
    public Future<Void> delete(List<String> listingIds) {
        return LuceneIndex.attempt(() ->
                index.writer().deleteDocuments(listingIds.stream().map(ListingIds::term).toArray(Term[]::new)));
    }

    @Override
    public Future<Void> refresh() {
        return LuceneIndex.attempt(index::refresh);
    }

    /** One HNSW graph searched instead of one per segment; blocking, seconds for tens of thousands of vectors. */
    @Override
    public Future<Void> compact() {
        return LuceneIndex.attempt(index::forceMergeToOne);
    }

    /** Segments searched, each with its own graph; for tests and metrics. */
    public int segments() {
        try {
            return index.segments();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public Future<List<RecallHit>> nearest(float[] vector, int limit) {
        try {
            VectorChecks.requireDimension(vector, dimension, "query vector");
            if (limit <= 0 || VectorChecks.isZero(vector)) {
                return Future.succeededFuture(List.of());
            }
            IndexSearcher searcher = index.acquire();
            try {
                TopDocs top = searcher.search(
                        new KnnFloatVectorQuery(VECTOR, UnitVector.normalisedCopy(vector), Math.min(limit, MAX_HITS)),
                        Math.min(limit, MAX_HITS));
                // Lucene scores a dot product of unit vectors as (1 + dot) / 2 so that scores are positive
                return Future.succeededFuture(ids.toHits(searcher.getIndexReader(), top.scoreDocs, s -> 2 * s - 1));
            } finally {
                index.release(searcher);
            }
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
    }

    @Override
    public void close() {
        index.close();
    }
}
