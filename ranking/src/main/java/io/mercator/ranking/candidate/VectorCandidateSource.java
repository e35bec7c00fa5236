package io.mercator.ranking.candidate;

import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.pipeline.ComponentSpec;
import io.mercator.ranking.resilience.Worker;
import io.mercator.recall.TextEmbedder;
import io.mercator.recall.VectorRecall;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Nearest listings to a vector the query stands for: the search text's embedding on search
 * ({@link QueryVector#ofSearchText}), the buyer's taste on the feed ({@link QueryVector#ofBuyerTaste}).
 * A query with no vector (a cold-start buyer) gets nothing here, which is not a failure. Down:
 * keyword only on search, popular only on the feed. Both uses share one id, and so one breaker:
 * they query the same store.
 */
public final class VectorCandidateSource implements CandidateSource {

    public static final ComponentSpec SPEC = ComponentSpec.failOpen("vector-recall", Duration.ofMillis(60),
            "keyword-only");

    /** The vector a query is searched with, if it has one. */
    @FunctionalInterface
    public interface QueryVector {

        Future<Optional<float[]>> of(RankingQuery query);

        /** The search text's embedding; an embedder may be a neural model, so it runs on the worker. */
        static QueryVector ofSearchText(TextEmbedder embedder, Worker worker) {
            return q -> worker.submit(() -> Optional.of(embedder.embed(q.queryText())));
        }

        /** The buyer's taste, from memory; none for an anonymous or cold-start buyer. */
        static QueryVector ofBuyerTaste(UserVectorSource users) {
            return q -> Future.succeededFuture(q.userId() == null ? Optional.empty() : users.vectorFor(q.userId()));
        }
    }

    private final VectorRecall recall;
    private final QueryVector vector;
    private final Worker worker;
    private final int limit;

    public VectorCandidateSource(VectorRecall recall, QueryVector vector, Worker worker, int limit) {
        this.recall = recall;
        this.vector = vector;
        this.worker = worker;
        this.limit = limit;
    }

    @Override
    public Future<List<Candidate>> fetch(RankingQuery query) {
        return vector.of(query).compose(v -> v.isEmpty()
                ? Future.succeededFuture(List.of())
                // HNSW search in the embedded index is synchronous and takes milliseconds: off the loop
                : worker.submit(() -> recall.nearest(v.get(), limit)).compose(f -> f)
                        .map(hits -> KeywordCandidateSource.toCandidates(hits, SPEC.id())));
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }
}
