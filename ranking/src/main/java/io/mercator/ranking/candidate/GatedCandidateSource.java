package io.mercator.ranking.candidate;

import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.pipeline.ComponentSpec;
import io.vertx.core.Future;

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
    public ComponentSpec spec() {
        return inner.spec();
    }
}
