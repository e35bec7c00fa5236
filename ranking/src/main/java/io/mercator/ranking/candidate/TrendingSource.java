package io.mercator.ranking.candidate;

import io.mercator.popularity.PopularityReader;
import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.pipeline.ComponentSpec;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;

/**
 * The "trending globally" list kept in the online store: the last resort when the feed's own
 * sources are all down, and what is served when the whole pipeline runs over budget.
 */
public final class TrendingSource implements CandidateSource {

    public static final ComponentSpec SPEC = ComponentSpec.failOpen("trending-globally", Duration.ofMillis(30),
            "nothing");

    private final PopularityReader popularity;
    private final int limit;

    public TrendingSource(PopularityReader popularity, int limit) {
        this.popularity = popularity;
        this.limit = limit;
    }

    @Override
    public Future<List<Candidate>> fetch(RankingQuery query) {
        return popularity.trending(limit).map(ids -> PopularInRegionSource.ranked(ids, SPEC.id()));
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }
}
