package io.mercator.ranking.candidate;

import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.pipeline.ComponentId;
import io.mercator.ranking.pipeline.FailurePolicy;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * A source that only runs for some queries, so the condition lives in the pipeline declaration
 * and not inside the source. Skipping is not a failure: the source just adds nothing.
 */
final class GatedCandidateSource implements CandidateSource {

    private final CandidateSource inner;
    private final Predicate<RankingQuery> predicate;

    GatedCandidateSource(CandidateSource inner, Predicate<RankingQuery> predicate) {
        this.inner = inner;
        this.predicate = predicate;
    }

    @Override
    public Future<List<Candidate>> fetch(RankingQuery query) {
        return predicate.test(query) ? inner.fetch(query) : Future.succeededFuture(List.of());
    }

    @Override
    public ComponentId id() {
        return inner.id();
    }

    @Override
    public Duration budget() {
        return inner.budget();
    }

    @Override
    public FailurePolicy failurePolicy() {
        return inner.failurePolicy();
    }

    @Override
    public int maxConcurrentCalls() {
        return inner.maxConcurrentCalls();
    }
}
