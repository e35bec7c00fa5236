package io.mercator.ranking;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.mercator.ranking.candidate.KeywordCandidateSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.mercator.ranking.KeywordRecallDouble.Mode.FAIL;
import static io.mercator.ranking.Market.BANGKOK;
import static io.mercator.ranking.RankingHarness.done;
import static org.assertj.core.api.Assertions.assertThat;

/** Warming the request path before traffic: it ranks, answers nobody, writes nothing, leaves breakers closed. */
class WarmUpTest {

    private final RankingHarness h = new RankingHarness();

    @BeforeEach
    void market() {
        h.market.phone("A", "s1", 9_000).phone("B", "s2", 8_000).clicks("A", 3).apply();
    }

    @Test
    void warmUpRanksWithoutImpressionsAndLeavesNoBreakerOpen() {
        // keyword recall fails throughout the warm-up: its breaker opens on the way
        h.keyword.mode = FAIL;
        h.vector.answers("A", "B");
        List<RankingQuery> queries = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            queries.add(h.searchQuery("phone " + i, BANGKOK));
            queries.add(h.feedQuery(null, BANGKOK));
        }

        done(h.ranker().warmUp(queries));

        assertThat(h.keyword.searches.get()).as("the warm-up ran the pipelines").isPositive();
        assertThat(h.log.impressions()).as("no impressions").isEmpty();
        assertThat(h.log.appended).as("nothing written at all").isEmpty();
        assertThat(h.breaker(KeywordCandidateSource.SPEC.id().value())).isEqualTo(CircuitBreaker.State.CLOSED);

        // real traffic afterwards is served, and writes its impressions
        h.keyword.answers("A", "B");
        RankingResult r = h.serve(h.searchQuery("phone", BANGKOK));
        assertThat(r.degraded()).isEmpty();
        assertThat(h.log.impressions()).hasSize(r.items().size());
    }
}
