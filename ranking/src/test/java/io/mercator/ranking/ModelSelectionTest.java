package io.mercator.ranking;

import io.mercator.learning.ModelSelection;
import io.mercator.learning.ClickModels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The model seam: the buyer decides which models score and explain a request. */
class ModelSelectionTest {

    private static final double[] BANGKOK = {13.75, 100.50};

    private final RankingHarness h = new RankingHarness();
    private final ClickModels canary = new Renamed(h.modelsDouble, "canary-2");

    @BeforeEach
    void market() {
        h.market.seller("s1", "Bangkok").phone("EXPENSIVE", "s1", 9_000).phone("MID", "s2", 7_500)
                .phone("CHEAP", "s3", 6_000).apply();
        h.keyword.answers("MID", "CHEAP", "EXPENSIVE");
        // "canary-buyer" is routed to the canary models, everyone else (anonymous included) to production
        h.selection = user -> Optional.of("canary-buyer".equals(user) ? canary : h.modelsDouble);
    }

    @Test
    void shouldScoreWithTheModelsChosenForTheBuyer() {
        RankingResult routed = h.serve(RankingQuery.search("req-c", "canary-buyer", "phone", BANGKOK[0], BANGKOK[1],
                null, "ios", h.market.now()));
        RankingResult other = h.serve(RankingQuery.search("req-p", "someone-else", "phone", BANGKOK[0], BANGKOK[1],
                null, "ios", h.market.now()));

        assertThat(routed.modelVersion()).isEqualTo("canary-2");
        assertThat(other.modelVersion()).isEqualTo(ClickModelsDouble.VERSION);
    }

    @Test
    void shouldExplainACanaryBuyersRankingWithTheCanaryModels() {
        RankingResult r = h.serve(RankingQuery.search("req-c", "canary-buyer", "phone", BANGKOK[0], BANGKOK[1],
                null, "ios", h.market.now()).withExplain(true));

        assertThat(r.modelVersion()).isEqualTo("canary-2");
        assertThat(r.explanations()).isNotEmpty();
        assertThat(r.explanations().get(0).pctrContributions()).as("SHAP from the model that ranked")
                .containsKey("bias");
    }

    @Test
    void shouldAdaptTheSingleModelSupplierForEveryone() {
        ModelSelection everyone = ModelSelection.everyone(() -> Optional.of(canary));

        assertThat(everyone.forUser("a")).containsSame(canary);
        assertThat(everyone.forUser(null)).containsSame(canary);
    }

    /** The same predictions under another version name, as a retrained model would have. */
    private record Renamed(ClickModels inner, String version) implements ClickModels {
        @Override
        public List<String> featureNames() {
            return inner.featureNames();
        }

        @Override
        public Predictions predict(double[] features, int rows) {
            return inner.predict(features, rows);
        }

        @Override
        public Contributions explain(double[] row) {
            return inner.explain(row);
        }
    }
}
