package io.mercator.ranking.candidate;

import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.pipeline.ComponentId;
import io.mercator.ranking.pipeline.ComponentSpec;
import io.mercator.ranking.resilience.Worker;
import io.mercator.recall.KeywordRecall;
import io.mercator.recall.RecallHit;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** BM25 matches of the search text. Down: the vector source carries the search alone. */
public final class KeywordCandidateSource implements CandidateSource {

    public static final ComponentSpec SPEC = ComponentSpec.failOpen("keyword-recall", Duration.ofMillis(60),
            "vector-only");

    private final KeywordRecall recall;
    private final Worker worker;
    private final int limit;

    /** @param limit hits asked of the index */
    public KeywordCandidateSource(KeywordRecall recall, Worker worker, int limit) {
        this.worker = worker;
        this.recall = recall;
        this.limit = limit;
    }

    @Override
    public Future<List<Candidate>> fetch(RankingQuery query) {
        // the embedded Lucene index answers synchronously and a 1,000-hit BM25 search can take
        // milliseconds: run the call on the worker so the event loop never waits for it
        return worker.submit(() -> recall.search(query.queryText(), limit)).compose(f -> f)
                .map(hits -> toCandidates(hits, SPEC.id()));
    }

    static List<Candidate> toCandidates(List<RecallHit> hits, ComponentId source) {
        List<Candidate> out = new ArrayList<>(hits.size());
        for (RecallHit h : hits) {
            out.add(Candidate.recalled(h.listingId(), source.value(), h.score()));
        }
        return out;
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }
}
