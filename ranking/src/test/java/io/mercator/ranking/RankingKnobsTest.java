package io.mercator.ranking;

import io.mercator.ranking.pipeline.ComponentId;
import io.mercator.ranking.pipeline.Component;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.mercator.ranking.Market.BANGKOK;
import static io.mercator.ranking.RecallStageTest.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every knob is read from configuration under its component's id, range-checked, and a typo stops start-up. */
class RankingKnobsTest {

    private final RankingHarness h = new RankingHarness();

    private void startWith(RankingConfig config) {
        h.config = config;
        h.ranker();
    }

    @Test
    void anUnknownComponentIdStopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> startWith(RankingConfig.DEFAULTS.withBudget("keyword-recal", Duration.ofMillis(5))))
                .isInstanceOf(RankingFailure.class)
                .hasMessageContaining("ranking.components.keyword-recal")
                .hasMessageContaining("keyword-recall");
    }

    @Test
    void anUnknownKnobStopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> startWith(RankingConfig.DEFAULTS.with("fraud-screen", "dropAtt", 0.9)))
                .isInstanceOf(RankingFailure.class)
                .hasMessageContaining("ranking.components.fraud-screen.dropAtt")
                .hasMessageContaining("dropAt");
    }

    @Test
    void anOutOfRangeValueStopsStartUpNamingTheKeyAndTheRange() {
        assertThatThrownBy(() -> startWith(RankingConfig.DEFAULTS.with("fraud-screen", "dropAt", 1.5)))
                .isInstanceOf(RankingFailure.class).hasMessageContaining("ranking.components.fraud-screen.dropAt")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> startWith(RankingConfig.DEFAULTS.withBudget("scorer", Duration.ZERO)))
                .hasMessageContaining("ranking.components.scorer.budgetMs");
        assertThatThrownBy(() -> startWith(RankingConfig.DEFAULTS.with("seller-diversity", "maxRun", "three")))
                .hasMessageContaining("ranking.components.seller-diversity.maxRun must be an integer");
        assertThatThrownBy(() -> startWith(RankingConfig.DEFAULTS.with("sponsored-slots", "slots", "12,4")))
                .hasMessageContaining("ranking.components.sponsored-slots.slots must be increasing");
        assertThatThrownBy(() -> startWith(RankingConfig.DEFAULTS.with("fraud-screen", "flagAt", 0.9)))
                .hasMessageContaining("ranking.components.fraud-screen.flagAt");
    }

    @Test
    void configuredKnobsChangeWhatIsServed() {
        for (int i = 0; i < 8; i++) {
            h.market.phone("BIG" + i, "big-seller", 20_000 - i * 100);
        }
        h.market.phone("SMALL", "small-seller", 8_000).phone("BOOSTED", "s9", 5_000).boosted("BOOSTED").apply();
        h.keyword.answers("BIG0", "BIG1", "BIG2", "BIG3", "BIG4", "BIG5", "BIG6", "BIG7", "SMALL", "BOOSTED");

        // strings, as environment variables arrive
        startWith(RankingConfig.DEFAULTS.with("seller-diversity", "maxRun", "1")
                .with("sponsored-slots", "slots", "2").with("explain", "top", 1));
        RankingResult r = h.serve(h.searchQuery("phone", BANGKOK).withExplain(true));

        assertThat(ids(r).subList(0, 4)).containsExactly("BIG0", "BOOSTED", "SMALL", "BIG1");
        assertThat(r.items().get(1).sponsored()).isTrue();
        assertThat(r.explanations()).hasSize(1);
    }

    @Test
    void everyComponentOfBothPipelinesHasItsKnobsWithDefaults() {
        RankingComponents c = new RankingComponents(h.ports(), h.runtime(), RankingConfig.DEFAULTS.knobs());
        Set<String> ids = new TreeSet<>();
        for (var p : List.of(Pipelines.feed(c, RankingConfig.DEFAULTS), Pipelines.search(c, RankingConfig.DEFAULTS))) {
            p.components().stream().map(Component::id).map(ComponentId::value).forEach(ids::add);
        }
        Map<String, Map<String, Object>> knobs = h.ranker().knobDefaults();

        assertThat(knobs.keySet()).containsAll(ids);
        assertThat(knobs.get("keyword-recall")).containsEntry("budgetMs", 60L).containsEntry("limit", 500L);
        assertThat(knobs.get("scorer")).containsKeys("pctrWeight", "pcvrWeight", "sellerTrustWeight", "boostWeight",
                "maxConcurrentCalls");
        assertThat(knobs.get("fraud-screen")).containsEntry("dropAt", 0.8).containsEntry("flagAt", 0.5);
        assertThat(knobs.get("sponsored-slots")).containsEntry("slots", List.of(4, 12));
        assertThat(knobs.values()).as("every component's budget").allSatisfy(k -> assertThat(k).containsKey("budgetMs"));
        assertThat(knobs.get("out-of-stock")).containsEntry("budgetMs", 2L);
    }
}
