package io.mercator.ranking.candidate;

import io.mercator.catalog.CatalogView;
import io.mercator.catalog.Listing;
import io.mercator.events.Geo;
import io.mercator.ranking.GeoPoint;
import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.pipeline.Component;
import io.mercator.ranking.pipeline.ComponentSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Merges the sources' lists into one: interleaved rank by rank (so a source with many weak hits
 * cannot crowd out another's best ones), de-duplicated by listing id with every source's score
 * kept, cut at the maximum, and each id looked up once in the catalog. Ids the catalog does not
 * know (an index ahead of the catalog, a listing long gone) are dropped here: there would be
 * nothing to show. Distances from the query's origin are computed here too, once per candidate,
 * for the distance filter, the features and the response.
 */
public final class RecallMerge implements Component {

    public static final ComponentSpec SPEC = ComponentSpec.pureCode("recall-merge");

    private final CatalogView catalog;
    private final int maxCandidates;

    public RecallMerge(CatalogView catalog, int maxCandidates) {
        this.catalog = catalog;
        this.maxCandidates = maxCandidates;
    }

    /** The most candidates the merge keeps: no source needs to fetch more. */
    public int maxCandidates() {
        return maxCandidates;
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }

    public List<Candidate> merge(RankingQuery query, List<List<Candidate>> perSource) {
        Map<String, Candidate> byId = new LinkedHashMap<>();
        int longest = 0;
        for (List<Candidate> l : perSource) {
            longest = Math.max(longest, l.size());
        }
        for (int rank = 0; rank < longest && byId.size() < maxCandidates; rank++) {
            for (List<Candidate> list : perSource) {
                if (rank >= list.size()) {
                    continue;
                }
                Candidate c = list.get(rank);
                Candidate seen = byId.get(c.listingId());
                if (seen != null) {
                    byId.put(c.listingId(), seen.alsoRecalled(c.recallScores()));
                } else if (byId.size() < maxCandidates) {
                    byId.put(c.listingId(), c);
                }
            }
        }
        Optional<GeoPoint> origin = query.origin();
        List<Candidate> out = new ArrayList<>(byId.size());
        for (Candidate c : byId.values()) {
            Optional<Listing> listing = catalog.listing(c.listingId());
            if (listing.isEmpty()) {
                continue;
            }
            Listing l = listing.get();
            Double km = origin.map(o -> Geo.haversineKm(o.lat(), o.lon(), l.lat(), l.lon())).orElse(null);
            out.add(c.located(l, km, out.size()));
        }
        return out;
    }
}
