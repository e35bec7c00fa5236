package io.mercator.service.backends;

import io.mercator.recall.KeywordRecall;
import io.mercator.recall.ListingDocument;
import io.mercator.recall.RecallHit;
import io.vertx.core.Future;

import java.util.List;

/**
 * Keyword recall over two clients of the same index: searches through one bounded by the request
 * path's timeout, index writes (bulk upserts of thousands of listings, refreshes) through one with
 * a timeout that fits them. One timeout for both would either fail every bulk write or let a slow
 * search hold a connection long after its budget.
 */
record SplitKeywordRecall(KeywordRecall searches, KeywordRecall writes) implements KeywordRecall {

    @Override
    public Future<Void> upsert(List<ListingDocument> documents) {
        return writes.upsert(documents);
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
    public Future<List<RecallHit>> search(String queryText, int limit) {
        return searches.search(queryText, limit);
    }

    @Override
    public void close() {
        searches.close();
        writes.close();
    }
}
