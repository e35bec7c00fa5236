package io.mercator.ranking.selector;

import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.pipeline.ComponentSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Best score first; ties keep recall order, so a degraded response is still deterministic. */
public final class ScoreOrder implements Selector {

    public static final ComponentSpec SPEC = ComponentSpec.pureCode("score-order");

    private static final Comparator<Candidate> BEST_FIRST =
            Comparator.comparingDouble(Candidate::score).reversed().thenComparingInt(Candidate::recallRank);

    @Override
    public List<Candidate> select(RankingQuery query, List<Candidate> candidates) {
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(BEST_FIRST);
        return sorted;
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }
}
