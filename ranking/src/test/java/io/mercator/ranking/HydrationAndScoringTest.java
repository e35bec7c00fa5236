package io.mercator.ranking;

import io.mercator.ranking.hydrator.OnlineFeatureHydrator;
import io.mercator.ranking.scorer.PopularityScorer;
import io.vertx.core.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.mercator.ranking.Market.BANGKOK;
import static io.mercator.ranking.RankingHarness.done;
import static io.mercator.ranking.RecallStageTest.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HydrationAndScoringTest {

    private final RankingHarness h = new RankingHarness();

    @BeforeEach
    void market() {
        // by price (what the model double ranks by): EXPENSIVE, MID, CHEAP; by popularity: CHEAP, MID, EXPENSIVE
        h.market.seller("s1", "Bangkok").phone("EXPENSIVE", "s1", 9_000).phone("MID", "s2", 7_500)
                .phone("CHEAP", "s3", 6_000).clicks("CHEAP", 9).clicks("MID", 4).clicks("EXPENSIVE", 1).apply();
        h.keyword.answers("MID", "CHEAP", "EXPENSIVE");
    }

    @Test
    void shouldRankByTheModelsWhenEverythingIsUp() {
        RankingResult r = h.serve(h.searchQuery("phone", BANGKOK));

        assertThat(ids(r)).containsExactly("EXPENSIVE", "MID", "CHEAP");
        assertThat(r.modelVersion()).isEqualTo(ClickModelsDouble.VERSION);
        assertThat(r.degraded()).isEmpty();
        RankingResult.Item top = r.items().get(0);
        assertThat(top.pctr()).isCloseTo(0.09, within(1e-9));
        assertThat(top.pcvr()).isCloseTo(0.1, within(1e-9));
        // final = 1.0*pctr + 0.5*pcvr + 0.02*trust (no boost)
        assertThat(top.score()).isBetween(0.09 + 0.05, 0.09 + 0.05 + 0.02);
        assertThat(h.modelsDouble.predictCalls).as("one batch for the whole request").hasValue(1);
    }

    @Test
    void shouldScoreByPopularityAndSayHydrationWhenFeaturesAreSlowerThan100Ms() {
        h.store.stallPrefix = "listing:";

        Future<RankingResult> pending = h.start(h.searchQuery("phone", BANGKOK));
        assertThat(pending.isComplete()).isFalse();
        h.advance(OnlineFeatureHydrator.SPEC.budget());

        RankingResult r = done(pending);
        assertThat(r.degraded()).containsExactly("hydration");
        assertThat(ids(r)).containsExactly("CHEAP", "MID", "EXPENSIVE");
        assertThat(r.modelVersion()).isEqualTo(PopularityScorer.VERSION);
        assertThat(r.items()).allSatisfy(i -> {
            assertThat(i.pctr()).isNull();
            assertThat(i.pcvr()).isNull();
        });
        assertThat(h.modelsDouble.predictCalls).as("no rows, no prediction").hasValue(0);
        assertThat(h.errors("hydration", "timeout")).isEqualTo(1);
    }

    @Test
    void shouldFallBackToPopularityOrderWhenNoModelsAreLoaded() {
        h.models.set(null);

        RankingResult r = h.serve(h.searchQuery("phone", BANGKOK));

        assertThat(r.degraded()).containsExactly("scorer");
        assertThat(ids(r)).containsExactly("CHEAP", "MID", "EXPENSIVE");
        assertThat(r.items()).extracting(RankingResult.Item::pctr).containsOnlyNulls();
        assertThat(r.items()).extracting(RankingResult.Item::pcvr).containsOnlyNulls();
        assertThat(h.fallbacks("scorer")).isEqualTo(1);
    }

    @Test
    void shouldKeepTheListingASearchNamesAbovePopularOnesWhenNoModelsAreLoaded() {
        h.models.set(null);
        // the text names one listing that nobody has clicked yet; the others are the popular ones
        h.market.phone("NAMED", "s4", 7_000).apply();
        // BM25: the named one matches every word, the others one common word
        h.keyword.hits = List.of(new io.mercator.recall.RecallHit("NAMED", 9.0), new io.mercator.recall.RecallHit("MID", 1.2),
                new io.mercator.recall.RecallHit("CHEAP", 1.1), new io.mercator.recall.RecallHit("EXPENSIVE", 1.0));

        RankingResult r = h.serve(h.searchQuery("named", BANGKOK));

        assertThat(r.degraded()).containsExactly("scorer");
        assertThat(ids(r).getFirst()).isEqualTo("NAMED");
        // among the rest, popularity still decides
        assertThat(ids(r).subList(1, 4)).containsExactly("CHEAP", "MID", "EXPENSIVE");
    }

    @Test
    void shouldFallBackToPopularityOrderWhenTheModelsFail() {
        h.modelsDouble.broken = true;

        RankingResult r = h.serve(h.searchQuery("phone", BANGKOK));

        assertThat(r.degraded()).containsExactly("scorer");
        assertThat(r.modelVersion()).isEqualTo(PopularityScorer.VERSION);
        assertThat(r.items()).extracting(RankingResult.Item::pctr).containsOnlyNulls();
        assertThat(h.errors("scorer", "error")).isEqualTo(1);
    }

    @Test
    void shouldExplainTheTopItemsWithShapAndSellerTrust() {
        RankingResult r = h.serve(h.searchQuery("phone", BANGKOK).withExplain(true));

        assertThat(r.explanations()).extracting(RankingResult.Explanation::listingId)
                .containsExactly("EXPENSIVE", "MID", "CHEAP");
        RankingResult.Explanation top = r.explanations().get(0);
        List<String> expected = new ArrayList<>(FeatureVectorizerDouble.NAMES);
        expected.add("bias");
        assertThat(top.pctrContributions().keySet()).containsExactlyElementsOf(expected);
        assertThat(top.pctrContributions().get("price")).isCloseTo(90.0, within(1e-9));
        assertThat(top.sellerTrust().base()).isEqualTo(0.5);
        assertThat(top.sellerTrust().score()).isBetween(0.0, 1.0);
    }

    @Test
    void shouldNotExplainUnlessAsked() {
        assertThat(h.serve(h.searchQuery("phone", BANGKOK)).explanations()).isEmpty();
    }

    @Test
    void shouldBatchAThousandCandidatesIntoOneReadPerKindAndOnePrediction() {
        h.config = RankingHarness.candidates(1_000, 1_000);
        String[] ids = new String[1_000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "L" + i;
            h.market.phone(ids[i], "seller-" + (i % 200), 5_000 + i);
        }
        h.market.apply();
        h.keyword.answers(ids);

        RankingResult r = h.serve(h.searchQuery("phone", BANGKOK));

        assertThat(r.items()).hasSize(20);
        assertThat(h.modelsDouble.predictCalls).hasValue(1);
        assertThat(h.modelsDouble.lastRows).isEqualTo(1_000);
        // user row, product rows, category prices: one read each whatever the number of candidates
        assertThat(h.store.hashReads).hasValue(3);
    }
}
