package io.mercator.ranking;

import io.mercator.events.payload.ModerationPayload;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.filter.Filter;
import io.mercator.ranking.filter.FilterResult;
import io.mercator.ranking.pipeline.ComponentSpec;
import io.mercator.ranking.pipeline.Pipeline;
import io.mercator.ranking.pipeline.PipelineRunner;
import io.mercator.ranking.resilience.ComponentGuards;
import io.mercator.ranking.resilience.ComponentMetrics;
import io.mercator.ranking.sideeffect.Served;
import io.micrometer.core.instrument.Timer;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.mercator.ranking.Market.BANGKOK;
import static io.mercator.ranking.RankingHarness.done;
import static io.mercator.ranking.RecallStageTest.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pipelines are declared as stages; a component added to a declaration runs with no change to the runner. */
class PipelineDeclarationTest {

    private final RankingHarness h = new RankingHarness();

    @BeforeEach
    void market() {
        h.market.phone("A", "s1", 9_000).phone("B", "s2", 8_000).phone("C", "s3", 7_000).apply();
    }

    @Test
    void aListingAModeratorRemovedIsServedNeitherInSearchNorInTheFeedUntilApproved() {
        h.keyword.answers("A", "B", "C");
        h.userVectors.put("regular", new float[]{0, 1, 0, 0});
        h.vector.answers("A", "B", "C");
        h.market.decided("B", ModerationPayload.Decided.REMOVE).apply();

        assertThat(ids(h.serve(h.searchQuery("phone", BANGKOK)))).containsExactly("A", "C");
        assertThat(ids(h.serve(h.feedQuery("regular", BANGKOK)))).containsExactlyInAnyOrder("A", "C");
        assertThat(h.meters.find(ComponentMetrics.LATENCY).tag(ComponentMetrics.TAG, "removed-by-moderation").timer())
                .as("measured under its own id").isNotNull()
                .extracting(Timer::count).isEqualTo(2L);

        // an appeal upheld: the next decision stands
        h.market.decided("B", ModerationPayload.Decided.APPROVE).apply();
        assertThat(ids(h.serve(h.searchQuery("phone", BANGKOK)))).containsExactly("A", "B", "C");
    }

    /** A filter the runner has never heard of, for the test below. */
    private static final class OnlyBelow implements Filter {
        static final ComponentSpec SPEC = ComponentSpec.pureCode("only-below-8500");

        @Override
        public FilterResult apply(RankingQuery query, List<Candidate> candidates) {
            return FilterResult.keepIf(candidates, c -> c.listing().price() < 8_500);
        }

        @Override
        public ComponentSpec spec() {
            return SPEC;
        }
    }

    @Test
    void aNewFilterIsOneLineInTheDeclaration() {
        h.keyword.answers("A", "B", "C");
        RankingComponents c = new RankingComponents(h.ports(), h.runtime(), RankingConfig.DEFAULTS.knobs());
        Pipeline search = Pipeline.named("search", RankingConfig.DEFAULT_PIPELINE_BUDGET)
                .recall(c.keywordMatches)
                .merge(c.merge)
                .filter(c.outOfStock)
                .filter(new OnlyBelow())        // <- the one line
                .hydrate(c.onlineFeatures)
                .score(c.popularity)
                .select(c.scoreOrder)
                .overBudget(c.trending)
                .build();
        PipelineRunner runner = new PipelineRunner(search, new ComponentGuards(h.meters, h.breakers,
                TimeLimiterRegistry.ofDefaults(), BulkheadRegistry.ofDefaults(), h.scheduler), h.meters, h.scheduler);

        Served served = done(runner.run(h.searchQuery("phone", BANGKOK)));

        assertThat(served.items()).extracting(Candidate::listingId).containsExactlyInAnyOrder("B", "C");
        assertThat(h.meters.find(ComponentMetrics.LATENCY).tag(ComponentMetrics.TAG, "only-below-8500").timer())
                .isNotNull();
    }

    @Test
    void orElseFollowsOnlyAStageThatCanBeReplaced() {
        RankingComponents c = new RankingComponents(h.ports(), h.runtime(), RankingConfig.DEFAULTS.knobs());
        assertThatThrownBy(() -> Pipeline.named("x", RankingConfig.DEFAULT_PIPELINE_BUDGET)
                .recall(c.keywordMatches).merge(c.merge).orElse(c.trending))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void twoComponentsWithOneIdInOnePipelineAreRefused() {
        RankingComponents c = new RankingComponents(h.ports(), h.runtime(), RankingConfig.DEFAULTS.knobs());
        Pipeline twice = Pipeline.named("x", RankingConfig.DEFAULT_PIPELINE_BUDGET)
                .recall(c.searchTextNeighbours, c.buyerTasteNeighbours)
                .merge(c.merge).score(c.popularity).overBudget(c.trending).build();
        assertThatThrownBy(() -> new PipelineRunner(twice, new ComponentGuards(h.meters, h.breakers,
                TimeLimiterRegistry.ofDefaults(), BulkheadRegistry.ofDefaults(), h.scheduler), h.meters, h.scheduler))
                .isInstanceOf(RankingFailure.class).hasMessageContaining("two components with id vector-recall");
    }
}
