package io.mercator.ranking.filter;

import io.mercator.catalog.CatalogView;
import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.pipeline.ComponentSpec;

import java.util.List;

/** Sellers banned by moderation or by an admin override. */
public final class BannedSellerFilter implements Filter {

    public static final ComponentSpec SPEC = ComponentSpec.pureCode("banned-seller");

    private final CatalogView catalog;

    public BannedSellerFilter(CatalogView catalog) {
        this.catalog = catalog;
    }

    @Override
    public FilterResult apply(RankingQuery query, List<Candidate> candidates) {
        return FilterResult.keepIf(candidates, c -> !catalog.isSellerBanned(c.sellerId()));
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }
}
