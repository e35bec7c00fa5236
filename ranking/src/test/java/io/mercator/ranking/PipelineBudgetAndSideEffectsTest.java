package io.mercator.ranking;

import io.mercator.events.Event;
import io.mercator.events.payload.InteractionPayload;
import io.mercator.ranking.pipeline.PipelineRunner;
import io.vertx.core.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.mercator.ranking.KeywordRecallDouble.Mode.STALL;
import static io.mercator.ranking.Market.BANGKOK;
import static io.mercator.ranking.RankingHarness.done;
import static io.mercator.ranking.RecallStageTest.ids;
import static org.assertj.core.api.Assertions.assertThat;

class PipelineBudgetAndSideEffectsTest {

    private final RankingHarness h = new RankingHarness();

    @BeforeEach
    void market() {
        h.market.phone("A", "s1", 9_000).phone("B", "s2", 8_000)
                .phone("TREND1", "s3", 7_000).phone("TREND2", "s4", 6_000).phone("TREND-SOLD", "s5", 6_000)
                .clicks("TREND1", 9).clicks("TREND2", 5).clicks("TREND-SOLD", 7).outOfStock("TREND-SOLD")
                .apply();
    }

    @Test
    void shouldServeTrendingMarkedPipelineWhenTheWholeBudgetIsSpent() {
        // keyword may take a second, but the request may not
        h.config = RankingConfig.DEFAULTS.withBudget("keyword-recall", Duration.ofSeconds(1));
        h.keyword.mode = STALL;
        h.vector.answers("A");

        Future<RankingResult> pending = h.start(h.searchQuery("phone", BANGKOK));
        h.advance(Duration.ofMillis(149));
        assertThat(pending.isComplete()).isFalse();
        h.advance(Duration.ofMillis(1));

        RankingResult r = done(pending);
        assertThat(r.degraded()).containsExactly(PipelineRunner.OVER_BUDGET.value());
        assertThat(r.modelVersion()).as("what was served: the over-budget source").isEqualTo("trending-globally");
        assertThat(ids(r)).containsExactly("TREND1", "TREND2");
        assertThat(h.fallbacks("search-pipeline")).isEqualTo(1);

        // the pipeline finishing late changes nothing, and writes no second set of impressions
        h.advance(Duration.ofSeconds(1));
        assertThat(h.log.impressions())
                .extracting(InteractionPayload.Impression::listingId).containsExactly("TREND1", "TREND2");
    }

    @Test
    void shouldWriteOneEventPerServedListWithEachItemsFeatureRow() {
        h.keyword.answers("A", "B");

        RankingResult r = h.serve(h.searchQuery("iphone 13", BANGKOK));

        List<Event> events = h.log.appended;
        assertThat(events).hasSize(1);
        assertThat(events.get(0).key()).isEqualTo("buyer");
        assertThat(events.get(0).id()).isEqualTo("imps:req-1");
        List<InteractionPayload.Impression> imps = h.log.impressions();
        assertThat(imps).extracting(InteractionPayload.Impression::listingId).containsExactlyElementsOf(ids(r));
        assertThat(imps).extracting(InteractionPayload.Impression::position).containsExactly(1, 2);
        InteractionPayload.Impression first = imps.get(0);
        assertThat(first.requestId()).isEqualTo("req-1");
        assertThat(first.surface()).isEqualTo("search");
        assertThat(first.query()).isEqualTo("iphone 13");
        assertThat(first.device()).isEqualTo("android");
        assertThat(first.modelVersion()).isEqualTo(ClickModelsDouble.VERSION);
        assertThat(first.features().names()).containsExactlyElementsOf(FeatureVectorizerDouble.NAMES);
        assertThat(first.features().get("price", Double.NaN)).isEqualTo(9_000.0);
        assertThat(first.features().get("user_known", Double.NaN)).isEqualTo(0.0);
    }

    @Test
    void shouldServeEvenWhenTheLogIsDownAndCountTheFailure() {
        h.keyword.answers("A", "B");
        h.log.down = true;

        RankingResult r = h.serve(h.searchQuery("phone", BANGKOK));

        assertThat(r.items()).hasSize(2);
        assertThat(r.degraded()).as("a side effect never degrades the response").isEmpty();
        assertThat(h.errors("impressions", "error")).isEqualTo(1);
        assertThat(h.fallbacks("impressions")).isEqualTo(1);
    }

    @Test
    void shouldAnswerWithoutWaitingForTheAppend() {
        h.keyword.answers("A", "B");
        h.log.stall = true;

        Future<RankingResult> f = h.start(h.searchQuery("phone", BANGKOK));

        assertThat(f.succeeded()).as("served although the log never acknowledged").isTrue();
        assertThat(h.log.appended).as("the append was issued").hasSize(1);
    }
}
