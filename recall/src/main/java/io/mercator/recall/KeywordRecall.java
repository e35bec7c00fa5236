package io.mercator.recall;

import io.vertx.core.Future;

import java.util.List;

/**
 * Keyword recall port: BM25 over titles and descriptions in Thai and English. Implementations:
 * embedded Lucene (default) and Elasticsearch; both pass {@code KeywordRecallContract}.
 */
public interface KeywordRecall extends AutoCloseable {

    /** Adds or replaces documents; searchable after {@link #refresh()} at the latest. */
    Future<Void> upsert(List<ListingDocument> documents);

    /** Removes documents by listing id; absent ids are ignored. */
    Future<Void> delete(List<String> listingIds);

    /** Makes every completed write visible to searches. */
    Future<Void> refresh();

    /** Up to {@code limit} best matches for the query text, best first. */
    Future<List<RecallHit>> search(String queryText, int limit);

    @Override
    void close();
}
