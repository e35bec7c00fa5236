package io.mercator.ranking.filter;

import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.pipeline.ComponentSpec;

import java.util.List;

/**
 * Farther than the buyer will go. The distance is from the request's point, else the buyer's home
 * (computed once at the recall merge); with neither there is nothing to measure and nothing is
 * removed. The buyer's setting is capped at {@link #MAX_KM}, which also applies to a buyer
 * without a setting.
 */
public final class DistanceFilter implements Filter {

    public static final ComponentSpec SPEC = ComponentSpec.pureCode("max-distance");
    public static final double MAX_KM = 500;

    /** How far this query's buyer will go, in km. */
    public static double maxKm(RankingQuery query) {
        double setting = query.user() == null ? 0 : query.user().maxDistanceKm();
        return setting > 0 ? Math.min(setting, MAX_KM) : MAX_KM;
    }

    @Override
    public FilterResult apply(RankingQuery query, List<Candidate> candidates) {
        double max = maxKm(query);
        return FilterResult.keepIf(candidates, c -> c.distanceKm() == null || c.distanceKm() <= max);
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }
}
