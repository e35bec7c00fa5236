package io.mercator.ranking.pipeline;

import io.mercator.ranking.candidate.CandidateSource;
import io.mercator.ranking.candidate.RecallMerge;
import io.mercator.ranking.filter.Filter;
import io.mercator.ranking.hydrator.FeatureHydrator;
import io.mercator.ranking.hydrator.QueryHydrator;
import io.mercator.ranking.scorer.Explainer;
import io.mercator.ranking.scorer.Scorer;
import io.mercator.ranking.selector.Selector;
import io.mercator.ranking.sideeffect.SideEffect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A ranking pipeline as data: its stages in the order they run, each a list of components. Declared
 * with {@link #named} in {@code io.mercator.ranking.Pipelines}; run by {@link PipelineRunner}, which
 * knows the stages but no particular component.
 *
 * @param id              {@code feed} or {@code search}
 * @param budget          whole-request budget
 * @param queryHydrators  add to the query (the buyer's features), in order, before recall
 * @param sources         recall, in parallel
 * @param recallFallback  run only when every source failed; null for none
 * @param merge           interleaves, de-duplicates and caps what the sources found
 * @param filters         remove what must not be shown, in order
 * @param hydrators       add features to the candidates, in order, each given the last one's output
 * @param scorers         the first that applies scores; each one's failure falls to the next
 * @param selectors       re-rank and mix, in order
 * @param explainer       explains the served items; null for none
 * @param overBudget      served, filtered, instead of everything above when the budget runs out
 * @param sideEffects     after the response went out
 * @param supplements     recalled beside the sources (or their fallback) and merged with them, but never
 *                        counted when deciding whether recall failed: the boosted listings, which the
 *                        sponsored slots may need, are no substitute for a feed
 */
public record Pipeline(ComponentId id, Duration budget, List<QueryHydrator> queryHydrators,
                       List<CandidateSource> sources, CandidateSource recallFallback, RecallMerge merge,
                       List<Filter> filters, List<FeatureHydrator> hydrators, List<Scorer> scorers,
                       List<Selector> selectors, Explainer explainer, CandidateSource overBudget,
                       List<SideEffect> sideEffects, List<CandidateSource> supplements) {

    public Pipeline {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(merge, "a pipeline needs a merge");
        Objects.requireNonNull(overBudget, "a pipeline needs something to serve over budget");
        queryHydrators = List.copyOf(queryHydrators);
        sources = List.copyOf(sources);
        filters = List.copyOf(filters);
        hydrators = List.copyOf(hydrators);
        scorers = List.copyOf(scorers);
        selectors = List.copyOf(selectors);
        sideEffects = List.copyOf(sideEffects);
        supplements = List.copyOf(supplements);
        if (sources.isEmpty() || scorers.isEmpty()) {
            throw new IllegalArgumentException("pipeline " + id + " needs at least one source and one scorer");
        }
    }

    /** Starts a declaration; stages are added in the order they run. */
    public static Builder named(String id, Duration budget) {
        return new Builder(ComponentId.of(id), budget);
    }

    /** Every component, each once, in stage order. */
    public List<Component> components() {
        List<Component> all = new ArrayList<>(queryHydrators);
        all.addAll(sources);
        if (recallFallback != null) {
            all.add(recallFallback);
        }
        all.addAll(supplements);
        all.add(merge);
        all.addAll(filters);
        all.addAll(hydrators);
        all.addAll(scorers);
        all.addAll(selectors);
        if (explainer != null) {
            all.add(explainer);
        }
        all.add(overBudget);
        all.addAll(sideEffects);
        return all.stream().distinct().toList();
    }

    /**
     * Declares a pipeline stage by stage. {@link #orElse} names what replaces the stage just
     * declared when it fails as a whole: the recall fallback after {@link #recall}, the next scorer
     * after {@link #score}.
     */
    public static final class Builder {
        private final ComponentId id;
        private final Duration budget;
        private final List<QueryHydrator> queryHydrators = new ArrayList<>();
        private final List<CandidateSource> sources = new ArrayList<>();
        private CandidateSource recallFallback;
        private RecallMerge merge;
        private final List<Filter> filters = new ArrayList<>();
        private final List<FeatureHydrator> hydrators = new ArrayList<>();
        private final List<Scorer> scorers = new ArrayList<>();
        private final List<Selector> selectors = new ArrayList<>();
        private Explainer explainer;
        private CandidateSource overBudget;
        private final List<SideEffect> sideEffects = new ArrayList<>();
        private final List<CandidateSource> supplements = new ArrayList<>();
        /** The stage {@link #orElse} applies to. */
        private Stage last;

        private enum Stage { RECALL, SCORE, OTHER }

        private Builder(ComponentId id, Duration budget) {
            this.id = id;
            this.budget = budget;
        }

        public Builder hydrateQuery(QueryHydrator... hydrators) {
            queryHydrators.addAll(Arrays.asList(hydrators));
            last = Stage.OTHER;
            return this;
        }

        public Builder recall(CandidateSource... sources) {
            this.sources.addAll(Arrays.asList(sources));
            last = Stage.RECALL;
            return this;
        }

        /**
         * Recalls these beside the sources declared by {@link #recall} (and their fallback), merged
         * with them; their answers never stand in for a failed recall.
         */
        public Builder alsoRecall(CandidateSource... sources) {
            if (this.sources.isEmpty()) {
                throw new IllegalStateException("alsoRecall(...) follows recall(...)");
            }
            supplements.addAll(Arrays.asList(sources));
            last = Stage.OTHER;
            return this;
        }

        public Builder merge(RecallMerge merge) {
            this.merge = merge;
            last = Stage.OTHER;
            return this;
        }

        public Builder filter(Filter... filters) {
            this.filters.addAll(Arrays.asList(filters));
            last = Stage.OTHER;
            return this;
        }

        public Builder hydrate(FeatureHydrator... hydrators) {
            this.hydrators.addAll(Arrays.asList(hydrators));
            last = Stage.OTHER;
            return this;
        }

        public Builder score(Scorer scorer) {
            scorers.add(scorer);
            last = Stage.SCORE;
            return this;
        }

        public Builder select(Selector... selectors) {
            this.selectors.addAll(Arrays.asList(selectors));
            last = Stage.OTHER;
            return this;
        }

        public Builder explainWith(Explainer explainer) {
            this.explainer = explainer;
            last = Stage.OTHER;
            return this;
        }

        public Builder overBudget(CandidateSource source) {
            this.overBudget = source;
            last = Stage.OTHER;
            return this;
        }

        public Builder afterServing(SideEffect... effects) {
            sideEffects.addAll(Arrays.asList(effects));
            last = Stage.OTHER;
            return this;
        }

        /** Recalls when every source of the {@link #recall} just declared failed. */
        public Builder orElse(CandidateSource fallback) {
            if (last != Stage.RECALL || recallFallback != null) {
                throw new IllegalStateException("orElse(source) follows recall(...), once");
            }
            recallFallback = fallback;
            return this;
        }

        /** Scores when the scorer just declared does not apply or fails. */
        public Builder orElse(Scorer fallback) {
            if (last != Stage.SCORE) {
                throw new IllegalStateException("orElse(scorer) follows score(...)");
            }
            scorers.add(fallback);
            return this;
        }

        public Pipeline build() {
            return new Pipeline(id, budget, queryHydrators, sources, recallFallback, merge, filters, hydrators,
                    scorers, selectors, explainer, overBudget, sideEffects, supplements);
        }
    }
}
