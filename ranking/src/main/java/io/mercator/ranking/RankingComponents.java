package io.mercator.ranking;

import io.mercator.popularity.PopularityReader;
import io.mercator.hydration.features.FeatureReader;
import io.mercator.ranking.candidate.BoostedListingsSource;
import io.mercator.ranking.candidate.KeywordCandidateSource;
import io.mercator.ranking.candidate.PopularInRegionSource;
import io.mercator.ranking.candidate.RecallMerge;
import io.mercator.ranking.candidate.TrendingSource;
import io.mercator.ranking.candidate.VectorCandidateSource;
import io.mercator.ranking.candidate.VectorCandidateSource.QueryVector;
import io.mercator.ranking.filter.BannedCategoryFilter;
import io.mercator.ranking.filter.BannedSellerFilter;
import io.mercator.ranking.filter.DistanceFilter;
import io.mercator.ranking.filter.OutOfStockFilter;
import io.mercator.ranking.filter.RemovedByModerationFilter;
import io.mercator.ranking.hydrator.FraudRiskHydrator;
import io.mercator.ranking.hydrator.OnlineFeatureHydrator;
import io.mercator.ranking.hydrator.UserFeaturesHydrator;
import io.mercator.ranking.pipeline.ComponentSpec;
import io.mercator.ranking.scorer.ClickModelScorer;
import io.mercator.ranking.scorer.PopularityScorer;
import io.mercator.ranking.scorer.ScoreExplainer;
import io.mercator.ranking.scorer.ScoringWeights;
import io.mercator.ranking.selector.FraudScreen;
import io.mercator.ranking.selector.ScoreOrder;
import io.mercator.ranking.selector.SellerDiversity;
import io.mercator.ranking.selector.SponsoredSlots;
import io.mercator.ranking.sideeffect.ImpressionWriter;
import io.mercator.ranking.sideeffect.ModerationFlagWriter;

import java.time.Duration;
import java.util.List;

/**
 * Every component the pipelines in {@link Pipelines} are declared with, each built once from the
 * ports and its knobs ({@code ranking.components.<id>.<knob>}; the defaults and the ranges are
 * here). A bad value fails here, naming its key. Each component's budget is a knob too, applied
 * by the pipeline runner to the component's own spec.
 */
public final class RankingComponents {

    /** Hits each recall source asks for, unless configured; never more than the merge keeps. */
    public static final int DEFAULT_RECALL_LIMIT = 500;
    public static final int DEFAULT_MAX_CANDIDATES = 1_000;
    private static final int MAX_RECALL = 10_000;

    final UserFeaturesHydrator userFeatures;

    final KeywordCandidateSource keywordMatches;
    final VectorCandidateSource searchTextNeighbours;
    final VectorCandidateSource buyerTasteNeighbours;
    final PopularInRegionSource popularInRegion;
    final TrendingSource trending;
    final BoostedListingsSource boostedListings;
    final RecallMerge merge;

    final OutOfStockFilter outOfStock = new OutOfStockFilter();
    final RemovedByModerationFilter removedByModeration = new RemovedByModerationFilter();
    final BannedCategoryFilter bannedCategory;
    final BannedSellerFilter bannedSeller;
    final DistanceFilter beyondReach = new DistanceFilter();

    final OnlineFeatureHydrator onlineFeatures;
    final FraudRiskHydrator fraudRisk;

    final ClickModelScorer clickModels;
    final PopularityScorer popularity;

    final ScoreOrder scoreOrder = new ScoreOrder();
    final FraudScreen fraudScreen;
    final SellerDiversity sellerDiversity;
    final SponsoredSlots sponsoredSlots;

    final ScoreExplainer explainer;

    final ImpressionWriter impressions;
    final ModerationFlagWriter moderationFlags;

    public RankingComponents(RankingPorts ports, RankingRuntime runtime, Knobs knobs) {
        FeatureReader features = new FeatureReader(ports.store());
        PopularityReader popular = new PopularityReader(ports.store());

        userFeatures = new UserFeaturesHydrator(features);

        int maxCandidates = knobs.integer(RecallMerge.SPEC, "maxCandidates", DEFAULT_MAX_CANDIDATES, 1, MAX_RECALL);
        merge = new RecallMerge(ports.catalog(), maxCandidates);
        keywordMatches = new KeywordCandidateSource(ports.keyword(), runtime.worker(),
                limit(knobs, KeywordCandidateSource.SPEC, maxCandidates));
        int vectorLimit = limit(knobs, VectorCandidateSource.SPEC, maxCandidates);
        searchTextNeighbours = new VectorCandidateSource(ports.vector(),
                QueryVector.ofSearchText(ports.embedder(), runtime.worker()), runtime.worker(), vectorLimit);
        buyerTasteNeighbours = new VectorCandidateSource(ports.vector(),
                QueryVector.ofBuyerTaste(ports.userVectors()), runtime.worker(), vectorLimit);
        popularInRegion = new PopularInRegionSource(popular, limit(knobs, PopularInRegionSource.SPEC, maxCandidates));
        trending = new TrendingSource(popular, limit(knobs, TrendingSource.SPEC, maxCandidates));
        boostedListings = new BoostedListingsSource(ports.boosts().ledger(), ports.catalog(),
                knobs.integer(BoostedListingsSource.SPEC, "limit", 20, 1, maxCandidates));

        bannedCategory = new BannedCategoryFilter(ports.catalog());
        bannedSeller = new BannedSellerFilter(ports.catalog());

        onlineFeatures = new OnlineFeatureHydrator(features, ports.vectorizer(), runtime.worker());
        fraudRisk = new FraudRiskHydrator(ports.catalog(), ports.sellerCounts());

        ScoringWeights d = ScoringWeights.DEFAULTS;
        ScoringWeights weights = new ScoringWeights(
                knobs.number(ClickModelScorer.SPEC, "pctrWeight", d.pctr(), 0, 1_000),
                knobs.number(ClickModelScorer.SPEC, "pcvrWeight", d.pcvr(), 0, 1_000),
                knobs.number(ClickModelScorer.SPEC, "sellerTrustWeight", d.sellerTrust(), 0, 1_000),
                knobs.number(ClickModelScorer.SPEC, "boostWeight", d.boost(), 0, 1_000));
        clickModels = new ClickModelScorer(ports.models(), weights, ports.catalog(), runtime.worker());
        popularity = new PopularityScorer(popular);

        double dropAt = knobs.number(FraudScreen.SPEC, "dropAt", FraudScreen.DEFAULT_DROP_AT, 0.01, 1);
        double flagAt = knobs.number(FraudScreen.SPEC, "flagAt", FraudScreen.DEFAULT_FLAG_AT, 0.01, 1);
        if (flagAt > dropAt) {
            throw RankingFailure.misconfigured(Knobs.PREFIX + "fraud-screen.flagAt (" + flagAt
                    + ") must be at most " + Knobs.PREFIX + "fraud-screen.dropAt (" + dropAt + ")");
        }
        fraudScreen = new FraudScreen(dropAt, flagAt);
        sellerDiversity = new SellerDiversity(knobs.integer(SellerDiversity.SPEC, "maxRun", 3, 1, 100));
        List<Integer> slots = knobs.integers(SponsoredSlots.SPEC, "slots", List.of(4, 12), 1, RankingQuery.MAX_LIMIT);
        for (int i = 1; i < slots.size(); i++) {
            if (slots.get(i) <= slots.get(i - 1)) {
                throw RankingFailure.misconfigured(Knobs.PREFIX + "sponsored-slots.slots must be increasing, not "
                        + slots);
            }
        }
        sponsoredSlots = new SponsoredSlots(slots, ports.catalog(), ports.boosts());

        explainer = new ScoreExplainer(ports.models(), ports.store(), ports.catalog(), runtime.worker(),
                knobs.integer(ScoreExplainer.SPEC, "top", 10, 1, RankingQuery.MAX_LIMIT));

        impressions = new ImpressionWriter(ports.eventLog(), ports.boosts());
        moderationFlags = new ModerationFlagWriter(ports.eventLog(),
                Duration.ofMinutes(knobs.integer(ModerationFlagWriter.SPEC, "flagEveryMinutes", 60, 1, 7 * 24 * 60)));
    }

    /** A source's {@code limit} knob: hits asked of it, at most what the merge keeps. */
    private static int limit(Knobs knobs, ComponentSpec source, int maxCandidates) {
        return Math.min(maxCandidates, knobs.integer(source, "limit", DEFAULT_RECALL_LIMIT, 1, MAX_RECALL));
    }
}
