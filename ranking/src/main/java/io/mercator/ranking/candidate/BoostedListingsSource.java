package io.mercator.ranking.candidate;

import io.mercator.autoboost.BoostLedger;
import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.pipeline.ComponentSpec;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;

/**
 * The listings with a campaign in flight and budget left, so the sponsored slots can be filled
 * with boosted listings that the feed's other sources missed. They go through the same merge,
 * filters (distance included), scoring and fraud screen as every other candidate; an organic
 * place is theirs only if they earn it.
 */
public final class BoostedListingsSource implements CandidateSource {

    public static final ComponentSpec SPEC = ComponentSpec.failOpen("boosted-listings", Duration.ofMillis(10),
            "nothing");

    private final BoostLedger ledger;
    private final int limit;

    public BoostedListingsSource(BoostLedger ledger, int limit) {
        this.ledger = ledger;
        this.limit = limit;
    }

    @Override
    public Future<List<Candidate>> fetch(RankingQuery query) {
        List<String> live = ledger.boostedListings(query.nowMillis());
        return Future.succeededFuture(PopularInRegionSource.ranked(live.subList(0, Math.min(limit, live.size())),
                SPEC.id()));
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }
}
