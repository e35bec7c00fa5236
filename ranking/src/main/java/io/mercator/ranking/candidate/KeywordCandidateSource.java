package io.mercator.ranking.candidate;

import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.pipeline.ComponentId;
import io.mercator.ranking.pipeline.FailurePolicy;
import io.mercator.recall.KeywordRecall;
import io.mercator.recall.RecallHit;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** BM25 matches of the search text. Down: the vector source carries the search alone. */
public final class KeywordCandidateSource implements CandidateSource {

    public static final ComponentId ID = ComponentId.of("keyword-recall");
    public static final Duration DEFAULT_BUDGET = Duration.ofMillis(60);

    private final KeywordRecall recall;
    private final int limit;
    private final Duration budget;

    public KeywordCandidateSource(KeywordRecall recall, int limit, Duration budget) {
        this.recall = recall;
        this.limit = limit;
        this.budget = budget;
    }

    @Override
    public Future<List<Candidate>> fetch(RankingQuery query) {
        return recall.search(query.queryText(), limit).map(hits -> toCandidates(hits, ID));
    }

    static List<Candidate> toCandidates(List<RecallHit> hits, ComponentId source) {
        List<Candidate> out = new ArrayList<>(hits.size());
        for (RecallHit h : hits) {
            out.add(Candidate.recalled(h.listingId(), source.value(), h.score()));
        }
        return out;
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
        return FailurePolicy.failOpen("vector-only");
    }
}
