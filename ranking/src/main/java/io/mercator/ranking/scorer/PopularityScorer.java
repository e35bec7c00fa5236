package io.mercator.ranking.scorer;

import io.mercator.popularity.PopularityProjection;
import io.mercator.popularity.PopularityReader;
import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.candidate.KeywordCandidateSource;
import io.mercator.ranking.candidate.PopularInRegionSource;
import io.mercator.ranking.hydrator.Hydrated;
import io.mercator.ranking.pipeline.ComponentSpec;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Generic, non-personal scores: how high a listing sits in its region's popular list and in the
 * trending list, plus its recent click-through rate when features were read. Used when the
 * features or the models are missing; pCTR and pCVR stay null, since nothing predicted them.
 * Candidates in neither list keep score 0 and their recall order.
 *
 * <p>A search is about its words first: there a listing's keyword (BM25) score relative to the
 * best keyword match among the candidates weighs {@link #SEARCH_RELEVANCE} of the score, and
 * popularity the rest, so a popular listing that merely came up does not push the one the buyer
 * named off the page; among equally good matches popularity still decides.
 */
public final class PopularityScorer implements Scorer {

    public static final ComponentSpec SPEC = ComponentSpec.fallbackTo("popularity-scorer", Duration.ofMillis(30),
            "recall-order");
    public static final String VERSION = "popularity";
    /** The share of a search's score that is text relevance (recall order) rather than popularity. */
    static final double SEARCH_RELEVANCE = 0.7;

    private final PopularityReader popularity;

    public PopularityScorer(PopularityReader popularity) {
        this.popularity = popularity;
    }

    @Override
    public Future<Scored> score(RankingQuery query, Hydrated hydrated) {
        Future<List<String>> trending = popularity.trending(PopularityProjection.GLOBAL_SIZE);
        Future<List<String>> regional = PopularInRegionSource.regionOf(query)
                .map(r -> popularity.popularIn(r, PopularityProjection.REGION_SIZE))
                .orElseGet(() -> Future.succeededFuture(List.of()));
        return Future.all(trending, regional)
                .map(done -> scored(hydrated.candidates(), ranks(regional.result()), ranks(trending.result()),
                        query.queryText() != null && !query.queryText().isBlank()));
    }

    private static Map<String, Double> ranks(List<String> ids) {
        Map<String, Double> out = new HashMap<>(ids.size() * 2);
        for (int i = 0; i < ids.size(); i++) {
            out.put(ids.get(i), 1.0 - (double) i / ids.size());
        }
        return out;
    }

    private static Scored scored(List<Candidate> candidates, Map<String, Double> regional, Map<String, Double> global,
                                 boolean search) {
        double bestMatch = 0;
        if (search) {
            for (Candidate c : candidates) {
                bestMatch = Math.max(bestMatch, keywordScore(c));
            }
        }
        List<Candidate> out = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            // the buyer's region first: a Bangkok bestseller is little use to a buyer in Songkhla
            double s = 0.6 * regional.getOrDefault(c.listingId(), 0.0) + 0.4 * global.getOrDefault(c.listingId(), 0.0);
            if (c.features() != null) {
                s += 0.1 * c.features().ctrLastHour();
            }
            if (bestMatch > 0) {
                s = SEARCH_RELEVANCE * keywordScore(c) / bestMatch + (1 - SEARCH_RELEVANCE) * s;
            }
            out.add(c.scored(null, null, s));
        }
        return new Scored(out, VERSION);
    }

    private static double keywordScore(Candidate c) {
        return c.recallScores() == null ? 0 : Math.max(0, c.recallScores().get(KeywordCandidateSource.SPEC.id().value(), 0));
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }
}
