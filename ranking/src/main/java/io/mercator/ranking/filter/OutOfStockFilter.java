package io.mercator.ranking.filter;

import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.pipeline.ComponentSpec;

import java.util.List;

/** Nothing left to sell: no stock, or the seller took the listing down. */
public final class OutOfStockFilter implements Filter {

    public static final ComponentSpec SPEC = ComponentSpec.pureCode("out-of-stock");

    @Override
    public FilterResult apply(RankingQuery query, List<Candidate> candidates) {
        return FilterResult.keepIf(candidates, c -> c.listing().stock() > 0 && !c.listing().removed());
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }
}
