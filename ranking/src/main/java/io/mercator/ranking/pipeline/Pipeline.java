package io.mercator.ranking.pipeline;

import io.mercator.ranking.candidate.CandidateSource;
import io.mercator.ranking.candidate.RecallMerge;
import io.mercator.ranking.filter.Filter;
import io.mercator.ranking.hydrator.FeatureHydrator;
import io.mercator.ranking.hydrator.FraudRiskHydrator;
import io.mercator.ranking.hydrator.QueryHydrator;
import io.mercator.ranking.scorer.ScoreExplainer;
import io.mercator.ranking.scorer.Scorer;
import io.mercator.ranking.selector.FraudScreen;
import io.mercator.ranking.selector.Selector;
import io.mercator.ranking.sideeffect.SideEffect;

import java.time.Duration;
import java.util.List;

/**
 * A ranking pipeline as data: its components in the order they run. Declared in
 * {@code io.mercator.ranking.Pipelines}; run by {@link PipelineRunner}.
 *
 * @param id             {@code feed} or {@code search}
 * @param budget         whole-request budget
 * @param queryHydrator  the buyer's features, before recall
 * @param sources        recall sources, run in parallel
 * @param recallFallback run only when every source failed
 * @param merge          de-duplicates and caps the recalled candidates
 * @param filters        in order
 * @param hydrator       candidate features and rows, one batch
 * @param fraudRisk      fraud risk of each candidate
 * @param scorer         the model scorer
 * @param fallbackScorer popularity, when features or models are missing
 * @param selectors      re-rank and mix, in order
 * @param fraudScreen    decides which kept candidates go to moderation
 * @param explainer      for {@code explain=true}
 * @param overBudget     served instead of everything above when the budget runs out
 * @param sideEffects    after serving
 */
public record Pipeline(ComponentId id, Duration budget, QueryHydrator queryHydrator, List<CandidateSource> sources,
                       CandidateSource recallFallback, RecallMerge merge, List<Filter> filters,
                       FeatureHydrator hydrator, FraudRiskHydrator fraudRisk, Scorer scorer, Scorer fallbackScorer,
                       List<Selector> selectors, FraudScreen fraudScreen, ScoreExplainer explainer,
                       CandidateSource overBudget, List<SideEffect> sideEffects) {

    public Pipeline {
        sources = List.copyOf(sources);
        filters = List.copyOf(filters);
        selectors = List.copyOf(selectors);
        sideEffects = List.copyOf(sideEffects);
    }
}
