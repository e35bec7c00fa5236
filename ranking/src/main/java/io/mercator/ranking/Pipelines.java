package io.mercator.ranking;

import io.mercator.fallback.popularity.PopularityReader;
import io.mercator.hydration.features.FeatureReader;
import io.mercator.ranking.candidate.CandidateSource;
import io.mercator.ranking.candidate.KeywordCandidateSource;
import io.mercator.ranking.candidate.PopularInRegionSource;
import io.mercator.ranking.candidate.RecallMerge;
import io.mercator.ranking.candidate.TrendingSource;
import io.mercator.ranking.candidate.VectorCandidateSource;
import io.mercator.ranking.filter.BannedCategoryFilter;
import io.mercator.ranking.filter.BannedSellerFilter;
import io.mercator.ranking.filter.DistanceFilter;
import io.mercator.ranking.filter.Filter;
import io.mercator.ranking.filter.OutOfStockFilter;
import io.mercator.ranking.hydrator.FraudRiskHydrator;
import io.mercator.ranking.hydrator.OnlineFeatureHydrator;
import io.mercator.ranking.hydrator.UserFeaturesHydrator;
import io.mercator.ranking.pipeline.ComponentId;
import io.mercator.ranking.pipeline.Pipeline;
import io.mercator.ranking.scorer.ClickModelScorer;
import io.mercator.ranking.scorer.PopularityScorer;
import io.mercator.ranking.scorer.ScoreExplainer;
import io.mercator.ranking.selector.FraudScreen;
import io.mercator.ranking.selector.ScoreOrder;
import io.mercator.ranking.selector.Selector;
import io.mercator.ranking.selector.SellerDiversity;
import io.mercator.ranking.selector.SponsoredSlots;
import io.mercator.ranking.sideeffect.ImpressionWriter;
import io.mercator.ranking.sideeffect.ModerationFlagWriter;
import io.mercator.ranking.sideeffect.SideEffect;

import java.util.List;

/**
 * The two ranking pipelines, declared in one place: open this file to see what /feed and /search
 * do, in order. Each component's budget is its default unless the configuration names its id.
 */
public final class Pipelines {

    private Pipelines() {
    }

    /** GET /feed: what the buyer may like, near them. */
    public static Pipeline feed(RankingPorts ports, RankingRuntime runtime, RankingConfig config) {
        Shared s = new Shared(ports, runtime, config);
        return new Pipeline(ComponentId.of("feed"), config.pipelineBudget(),
                s.user,
                List.of(
                        // the buyer's taste; nothing for a cold-start buyer...
                        s.vector,
                        // ...who still gets what sells in their region, as everyone does
                        s.popularInRegion),
                // both down: what sells across Thailand
                s.trending,
                s.merge, s.filters(), s.hydrator, s.fraudRisk, s.scorer, s.popularity, s.selectors(),
                s.fraudScreen, s.explainer, s.trending, s.sideEffects);
    }

    /** GET /search: listings matching the text, by meaning and by words. */
    public static Pipeline search(RankingPorts ports, RankingRuntime runtime, RankingConfig config) {
        Shared s = new Shared(ports, runtime, config);
        return new Pipeline(ComponentId.of("search"), config.pipelineBudget(),
                s.user,
                List.of(
                        // words: exact model numbers and brand names ("iphone 13 pro")
                        s.keyword,
                        // meaning: Thai and English phrasings of the same thing
                        s.vector),
                // both down: popular near the buyer beats an empty page
                s.popularInRegion,
                s.merge, s.filters(), s.hydrator, s.fraudRisk, s.scorer, s.popularity, s.selectors(),
                s.fraudScreen, s.explainer, s.trending, s.sideEffects);
    }

    /** The components both pipelines are built from, each with its configured budget. */
    private static final class Shared {
        final RankingPorts ports;
        final RankingConfig config;
        final UserFeaturesHydrator user;
        final CandidateSource keyword;
        final CandidateSource vector;
        final CandidateSource popularInRegion;
        final CandidateSource trending;
        final RecallMerge merge;
        final OnlineFeatureHydrator hydrator;
        final FraudRiskHydrator fraudRisk;
        final ClickModelScorer scorer;
        final PopularityScorer popularity;
        final FraudScreen fraudScreen;
        final ScoreExplainer explainer;
        final List<SideEffect> sideEffects;

        Shared(RankingPorts ports, RankingRuntime runtime, RankingConfig config) {
            this.ports = ports;
            this.config = config;
            FeatureReader features = new FeatureReader(ports.store());
            PopularityReader popular = new PopularityReader(ports.store());
            int perSource = config.recallPerSource();
            user = new UserFeaturesHydrator(features,
                    config.budget(UserFeaturesHydrator.ID, UserFeaturesHydrator.DEFAULT_BUDGET));
            keyword = new KeywordCandidateSource(ports.keyword(), runtime.worker(), perSource,
                    config.budget(KeywordCandidateSource.ID, KeywordCandidateSource.DEFAULT_BUDGET));
            vector = new VectorCandidateSource(ports.vector(), ports.embedder(), ports.userVectors(), runtime.worker(),
                    perSource, config.budget(VectorCandidateSource.ID, VectorCandidateSource.DEFAULT_BUDGET));
            popularInRegion = new PopularInRegionSource(popular, perSource,
                    config.budget(PopularInRegionSource.ID, PopularInRegionSource.DEFAULT_BUDGET));
            trending = new TrendingSource(popular, perSource,
                    config.budget(TrendingSource.ID, TrendingSource.DEFAULT_BUDGET));
            merge = new RecallMerge(ports.catalog(), config.maxCandidates());
            hydrator = new OnlineFeatureHydrator(features, ports.vectorizer(), runtime.worker(),
                    config.budget(OnlineFeatureHydrator.ID, OnlineFeatureHydrator.DEFAULT_BUDGET));
            fraudRisk = new FraudRiskHydrator(ports.catalog(), ports.sellerCounts());
            scorer = new ClickModelScorer(ports.models(), config.weights(), ports.catalog(), runtime.worker(),
                    config.budget(ClickModelScorer.ID, ClickModelScorer.DEFAULT_BUDGET), config.scoringConcurrency());
            popularity = new PopularityScorer(popular,
                    config.budget(PopularityScorer.ID, PopularityScorer.DEFAULT_BUDGET));
            fraudScreen = new FraudScreen(config.fraudDropAt(), config.fraudFlagAt());
            explainer = new ScoreExplainer(ports.models(), ports.store(), ports.catalog(), runtime.worker(),
                    config.explainTop(), config.budget(ScoreExplainer.ID, ScoreExplainer.DEFAULT_BUDGET));
            sideEffects = List.of(
                    new ImpressionWriter(ports.eventLog()),
                    new ModerationFlagWriter(ports.eventLog(), config.flagEvery()));
        }

        List<Filter> filters() {
            return List.of(
                    // cheaper filters first: a field of the listing...
                    new OutOfStockFilter(),
                    // ...then one catalog lookup per candidate...
                    new BannedCategoryFilter(ports.catalog()),
                    new BannedSellerFilter(ports.catalog()),
                    // ...then the distance (computed once at the merge, compared here)
                    new DistanceFilter());
        }

        List<Selector> selectors() {
            return List.of(
                    new ScoreOrder(),
                    // before diversity, so a dropped listing does not leave a seller's run behind it
                    fraudScreen,
                    new SellerDiversity(config.maxSellerRun()),
                    // last: slots are fixed positions that nothing after may shift
                    new SponsoredSlots(config.sponsoredSlots(), ports.catalog()));
        }
    }
}
