package io.mercator.ranking.candidate;

import io.mercator.fallback.popularity.PopularityReader;
import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.pipeline.ComponentId;
import io.mercator.ranking.pipeline.FailurePolicy;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;

/**
 * The "trending globally" list kept in the online store: the last resort when the feed's own
 * sources are all down, and what is served when the whole pipeline runs over budget.
 */
public final class TrendingSource implements CandidateSource {

    public static final ComponentId ID = ComponentId.of("trending-globally");
    public static final Duration DEFAULT_BUDGET = Duration.ofMillis(30);

    private final PopularityReader popularity;
    private final int limit;
    private final Duration budget;

    public TrendingSource(PopularityReader popularity, int limit, Duration budget) {
        this.popularity = popularity;
        this.limit = limit;
        this.budget = budget;
    }

    @Override
    public Future<List<Candidate>> fetch(RankingQuery query) {
        return popularity.trending(limit).map(ids -> PopularInRegionSource.ranked(ids, ID));
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
        return FailurePolicy.failOpen("nothing");
    }
}
