package io.mercator.ranking.candidate;

import io.mercator.autoboost.BoostLedger;
import io.mercator.catalog.CatalogView;
import io.mercator.catalog.Listing;
import io.mercator.events.Geo;
import io.mercator.ranking.GeoPoint;
import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.filter.DistanceFilter;
import io.mercator.ranking.pipeline.ComponentSpec;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The listings with a campaign in flight and budget left nearest the buyer (within the buyer's
 * reach), so the sponsored slots can be filled with a boosted listing that the feed's other
 * sources missed. Only a few: every candidate is hydrated and scored, and these are there for two
 * slots. They go through the same merge, filters, scoring and fraud screen as every other
 * candidate; an organic place is theirs only if they earn it. Without an origin (no point, no
 * known home) there is no "near", and it recalls nothing.
 */
public final class BoostedListingsSource implements CandidateSource {

    public static final ComponentSpec SPEC = ComponentSpec.failOpen("boosted-listings", Duration.ofMillis(10),
            "nothing");

    private final BoostLedger ledger;
    private final CatalogView catalog;
    private final int limit;

    public BoostedListingsSource(BoostLedger ledger, CatalogView catalog, int limit) {
        this.ledger = ledger;
        this.catalog = catalog;
        this.limit = limit;
    }

    @Override
    public Future<List<Candidate>> fetch(RankingQuery query) {
        Optional<GeoPoint> origin = query.origin();
        if (origin.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        double reach = DistanceFilter.maxKm(query);
        record Near(String id, double km) {
        }
        List<Near> near = new ArrayList<>();
        for (String id : ledger.boostedListings(query.nowMillis())) {
            Optional<Listing> l = catalog.listing(id);
            if (l.isPresent()) {
                double km = Geo.haversineKm(origin.get().lat(), origin.get().lon(), l.get().lat(), l.get().lon());
                if (km <= reach) {
                    near.add(new Near(id, km));
                }
            }
        }
        near.sort(Comparator.comparingDouble(Near::km).thenComparing(Near::id));
        List<String> ids = new ArrayList<>(Math.min(limit, near.size()));
        for (int i = 0; i < near.size() && i < limit; i++) {
            ids.add(near.get(i).id());
        }
        return Future.succeededFuture(PopularInRegionSource.ranked(ids, SPEC.id()));
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }
}
