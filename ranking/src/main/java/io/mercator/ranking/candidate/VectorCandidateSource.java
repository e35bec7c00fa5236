package io.mercator.ranking.candidate;

import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.Surface;
import io.mercator.ranking.pipeline.ComponentId;
import io.mercator.ranking.pipeline.FailurePolicy;
import io.mercator.ranking.resilience.Worker;
import io.mercator.recall.TextEmbedder;
import io.mercator.recall.VectorRecall;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Nearest listings to the search text's embedding (search) or to the buyer's taste vector (feed).
 * A cold-start buyer has no vector and gets nothing here (the feed's popular-in-region source
 * covers them). Down: keyword only on search, popular only on the feed.
 */
public final class VectorCandidateSource implements CandidateSource {

    public static final ComponentId ID = ComponentId.of("vector-recall");
    public static final Duration DEFAULT_BUDGET = Duration.ofMillis(60);

    private final VectorRecall recall;
    private final TextEmbedder embedder;
    private final UserVectorSource users;
    private final Worker worker;
    private final int limit;
    private final Duration budget;

    public VectorCandidateSource(VectorRecall recall, TextEmbedder embedder, UserVectorSource users, Worker worker,
                                 int limit, Duration budget) {
        this.recall = recall;
        this.embedder = embedder;
        this.users = users;
        this.worker = worker;
        this.limit = limit;
        this.budget = budget;
    }

    @Override
    public Future<List<Candidate>> fetch(RankingQuery query) {
        Future<Optional<float[]>> vector = query.surface() == Surface.SEARCH
                // an embedder may be a neural model: keep it off the event loop
                ? worker.submit(() -> Optional.of(embedder.embed(query.queryText())))
                : Future.succeededFuture(query.userId() == null ? Optional.empty() : users.vectorFor(query.userId()));
        return vector.compose(v -> v.isEmpty()
                ? Future.succeededFuture(List.of())
                // HNSW search in the embedded index is synchronous and takes milliseconds: off the loop
                : worker.submit(() -> recall.nearest(v.get(), limit)).compose(f -> f)
                        .map(hits -> KeywordCandidateSource.toCandidates(hits, ID)));
    }

    @Override
    public ComponentId id() {
        return ID;
    }

    @Override
    public Duration budget() {
        return budget;
    }

    @Override
    public FailurePolicy failurePolicy() {
        return FailurePolicy.failOpen("keyword-only");
    }
}
