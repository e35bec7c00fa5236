package io.mercator.ranking.candidate;

import io.mercator.events.Thailand;
import io.mercator.popularity.PopularityReader;
import io.mercator.ranking.GeoPoint;
import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.pipeline.ComponentId;
import io.mercator.ranking.pipeline.ComponentSpec;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What sells in the buyer's region (the region of the province nearest to the request's point or,
 * failing that, the buyer's home); trending across Thailand when neither is known. The feed's
 * answer for a cold-start buyer, and search's substitute when every other source is down.
 */
public final class PopularInRegionSource implements CandidateSource {

    public static final ComponentSpec SPEC = ComponentSpec.failOpen("popular-in-region", Duration.ofMillis(30),
            "trending-globally");

    private final PopularityReader popularity;
    private final int limit;

    public PopularInRegionSource(PopularityReader popularity, int limit) {
        this.popularity = popularity;
        this.limit = limit;
    }

    /** The region a query is served from, if it has a point. */
    public static Optional<Thailand.Region> regionOf(RankingQuery query) {
        return query.origin().map(PopularInRegionSource::regionOf);
    }

    static Thailand.Region regionOf(GeoPoint p) {
        return Thailand.nearestProvince(p.lat(), p.lon()).region();
    }

    @Override
    public Future<List<Candidate>> fetch(RankingQuery query) {
        Future<List<String>> ids = regionOf(query).map(r -> popularity.popularIn(r, limit))
                .orElseGet(() -> popularity.trending(limit));
        return ids.map(list -> ranked(list, SPEC.id()));
    }

    /** Popularity lists have no scores, only an order: score by rank, 1 for the first. */
    static List<Candidate> ranked(List<String> ids, ComponentId source) {
        List<Candidate> out = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            out.add(Candidate.recalled(ids.get(i), source.value(), 1.0 - (double) i / ids.size()));
        }
        return out;
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }
}
