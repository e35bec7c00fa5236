package io.mercator.ranking.filter;

import io.mercator.catalog.CatalogView;
import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.pipeline.ComponentSpec;

import java.util.List;

/** Categories an admin override banned (counterfeit amulets, a recall...). */
public final class BannedCategoryFilter implements Filter {

    public static final ComponentSpec SPEC = ComponentSpec.pureCode("banned-category");

    private final CatalogView catalog;

    public BannedCategoryFilter(CatalogView catalog) {
        this.catalog = catalog;
    }

    @Override
    public FilterResult apply(RankingQuery query, List<Candidate> candidates) {
        return FilterResult.keepIf(candidates, c -> !catalog.isCategoryBanned(c.listing().category()));
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }
}
