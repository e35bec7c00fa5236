package io.mercator.ranking.candidate;

import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.pipeline.ComponentId;
import io.mercator.ranking.pipeline.FailurePolicy;
import io.mercator.ranking.resilience.Worker;
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
    private final Worker worker;
    private final int limit;
    private final Duration budget;

    public KeywordCandidateSource(KeywordRecall recall, Worker worker, int limit, Duration budget) {
        this.worker = worker;
        this.recall = recall;
        this.limit = limit;
        this.budget = budget;
    }

    @Override
    public Future<List<Candidate>> fetch(RankingQuery query) {
        // the embedded Lucene index answers synchronously and a 1,000-hit BM25 search can take
        // milliseconds: run the call on the worker so the event loop never waits for it
        return worker.submit(() -> recall.search(query.queryText(), limit)).compose(f -> f)
                .map(hits -> toCandidates(hits, ID));
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
