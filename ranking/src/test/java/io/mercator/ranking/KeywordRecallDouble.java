package io.mercator.ranking;

import io.mercator.recall.KeywordRecall;
import io.mercator.recall.ListingDocument;
import io.mercator.recall.RecallHit;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Keyword recall test double: answers fixed hits, fails, or never answers. */
final class KeywordRecallDouble implements KeywordRecall {

    enum Mode { ANSWER, FAIL, STALL }

    volatile Mode mode = Mode.ANSWER;
    volatile List<RecallHit> hits = List.of();
    final AtomicInteger searches = new AtomicInteger();

    void answers(String... ids) {
        hits = RecallHits.of(ids);
        mode = Mode.ANSWER;
    }

    @Override
    public Future<List<RecallHit>> search(String queryText, int limit) {
        searches.incrementAndGet();
        return switch (mode) {
            case ANSWER -> Future.succeededFuture(hits.subList(0, Math.min(limit, hits.size())));
            case FAIL -> Future.failedFuture(new IllegalStateException("search cluster down"));
            case STALL -> Promise.<List<RecallHit>>promise().future();
        };
    }

    @Override
    public Future<Void> upsert(List<ListingDocument> documents) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<Void> delete(List<String> listingIds) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Future<Void> refresh() {
        return Future.succeededFuture();
    }

    @Override
    public void close() {
    }
}
