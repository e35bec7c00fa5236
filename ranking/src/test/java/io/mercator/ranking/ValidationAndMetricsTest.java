package io.mercator.ranking;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.mercator.ranking.pipeline.ComponentId;
import io.mercator.ranking.pipeline.FailurePolicy;
import io.mercator.ranking.resilience.ComponentMetrics;
import io.mercator.ranking.resilience.ConcurrencyLimit;
import io.mercator.ranking.scorer.ScoringWeights;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.mercator.ranking.Market.BANGKOK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidationAndMetricsTest {

    @Test
    void componentIdsAreLowerCaseKebab() {
        assertThat(ComponentId.of("keyword-recall").value()).isEqualTo("keyword-recall");
        assertThatThrownBy(() -> ComponentId.of("Keyword_Recall")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ComponentId.of("-recall")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FailurePolicy.failOpen("Keyword Only")).isInstanceOf(IllegalArgumentException.class);
        assertThat(FailurePolicy.failClosed().recovers()).isFalse();
        assertThat(FailurePolicy.fallbackTo("popular-in-region").recovers()).isTrue();
    }

    @Test
    void badQueriesAreTheCallersFault() {
        assertThatThrownBy(() -> RankingQuery.feed("r", "u", null, null, 0, null, 1))
                .isInstanceOfSatisfying(RankingFailure.class,
                        f -> assertThat(f.category()).isEqualTo(RankingFailure.Category.CLIENT));
        assertThatThrownBy(() -> RankingQuery.feed("r", "u", null, null, 101, null, 1))
                .isInstanceOf(RankingFailure.class);
        assertThatThrownBy(() -> RankingQuery.search("r", "u", " ", null, null, null, null, 1))
                .isInstanceOf(RankingFailure.class);
        assertThatThrownBy(() -> RankingQuery.feed("r", "u", 13.7, null, null, null, 1))
                .isInstanceOf(RankingFailure.class);
        assertThat(RankingQuery.feed("r", "u", null, null, null, null, 1).limit()).isEqualTo(20);
    }

    @Test
    void badConfigurationFailsLoudlyAtStart() {
        assertThatThrownBy(() -> new ScoringWeights(-1, 1, 0, 0))
                .isInstanceOfSatisfying(RankingFailure.class,
                        f -> assertThat(f.category()).isEqualTo(RankingFailure.Category.SERVER));
        assertThatThrownBy(() -> RankingConfig.DEFAULTS.withPipelineBudget(Duration.ZERO))
                .isInstanceOf(RankingFailure.class);
        Bulkhead waiting = Bulkhead.of("scorer", BulkheadConfig.custom().maxWaitDuration(Duration.ofMillis(5)).build());
        assertThatThrownBy(() -> new ConcurrencyLimit(waiting))
                .as("a bulkhead that waits would block the event loop").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSearchQueryIsNotServedByTheFeed() {
        RankingHarness h = new RankingHarness();
        var f = h.ranker().feed(h.searchQuery("phone", BANGKOK));
        assertThat(f.failed()).isTrue();
        assertThat(((RankingFailure) f.cause()).category()).isEqualTo(RankingFailure.Category.CLIENT);
    }

    @Test
    void everyComponentReportsLatencyWithAHistogramTaggedByItsId() {
        RankingHarness h = new RankingHarness();
        Map<String, Boolean> histogram = new HashMap<>();
        h.meters.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getName().equals(ComponentMetrics.LATENCY)) {
                    histogram.put(id.getTag(ComponentMetrics.TAG), Boolean.TRUE.equals(config.isPercentileHistogram()));
                }
                return config;
            }
        });
        h.market.phone("A", "s1", 9_000).apply();
        h.keyword.answers("A");

        h.serve(h.searchQuery("phone", BANGKOK));

        for (String id : new String[]{"user-features", "keyword-recall", "vector-recall", "out-of-stock",
                "max-distance", "hydration", "fraud-risk", "scorer", "score-order", "seller-diversity",
                "sponsored-slots", "impressions", "moderation-flags", "search-pipeline"}) {
            Timer t = h.meters.find(ComponentMetrics.LATENCY).tag(ComponentMetrics.TAG, id).timer();
            assertThat(t).as(id).isNotNull();
            assertThat(t.count()).as(id).isEqualTo(1);
            assertThat(histogram.get(id)).as(id + " publishes a percentile histogram").isTrue();
        }
        assertThat(h.meters.find(ComponentMetrics.LATENCY).tag(ComponentMetrics.TAG, "popular-in-region").timer()
                .count()).as("search's fallback source did not run").isZero();
        assertThat(h.meters.find("resilience4j.circuitbreaker.state").tag("name", "keyword-recall")
                .tag("state", "closed").gauge().value()).isEqualTo(1.0);
    }
}
