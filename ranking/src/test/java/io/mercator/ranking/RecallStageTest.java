package io.mercator.ranking;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.candidate.RecallMerge;
import io.mercator.ranking.candidate.VectorCandidateSource;
import io.vertx.core.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.mercator.ranking.KeywordRecallDouble.Mode.FAIL;
import static io.mercator.ranking.KeywordRecallDouble.Mode.STALL;
import static io.mercator.ranking.Market.BANGKOK;
import static io.mercator.ranking.Market.CHIANG_MAI;
import static io.mercator.ranking.RankingHarness.done;
import static org.assertj.core.api.Assertions.assertThat;

class RecallStageTest {

    private final RankingHarness h = new RankingHarness();

    @BeforeEach
    void market() {
        h.market.phone("A", "s1", 9_000).phone("B", "s2", 8_000).phone("C", "s3", 7_000)
                .phone("BKK-HOT", "s4", 6_500)
                .listing("CM-HOT", "s5", "mobile-phones", 6_000, "Chiang Mai", CHIANG_MAI)
                .listing("CM-WARM", "s6", "mobile-phones", 7_500, "Chiang Mai", CHIANG_MAI)
                .clicks("BKK-HOT", 5).clicks("CM-HOT", 8).clicks("CM-WARM", 3).apply();
    }

    static List<String> ids(RankingResult r) {
        return r.items().stream().map(RankingResult.Item::listingId).toList();
    }

    @Test
    void shouldFailOpenWhenVectorRecallTimesOut() {
        h.keyword.answers("A", "B");
        h.vector.mode = STALL;

        Future<RankingResult> pending = h.start(h.searchQuery("iphone", BANGKOK));
        assertThat(pending.isComplete()).as("waits for the vector store within its budget").isFalse();
        h.advance(VectorCandidateSource.SPEC.budget());

        RankingResult r = done(pending);
        assertThat(ids(r)).containsExactly("A", "B");
        assertThat(r.degraded()).containsExactly("vector-recall");
        assertThat(h.errors("vector-recall", "timeout")).isEqualTo(1);
        assertThat(h.fallbacks("vector-recall")).isEqualTo(1);
        assertThat(h.fallbacks("keyword-recall")).isZero();
    }

    @Test
    void shouldServeKeywordAndVectorHitsMergedWhenBothAnswer() {
        h.keyword.answers("A", "B");
        h.vector.answers("B", "C");

        RankingResult r = h.serve(h.searchQuery("iphone", BANGKOK));

        assertThat(ids(r)).containsExactlyInAnyOrder("A", "B", "C");
        assertThat(r.degraded()).isEmpty();
    }

    @Test
    void shouldServePopularInTheBuyersRegionWhenAllRecallIsDown() {
        h.keyword.mode = FAIL;
        h.vector.mode = FAIL;

        RankingResult r = h.serve(h.searchQuery("iphone", CHIANG_MAI));

        assertThat(ids(r)).containsExactlyInAnyOrder("CM-HOT", "CM-WARM");
        assertThat(r.degraded()).containsExactlyInAnyOrder("keyword-recall", "vector-recall");
    }

    @Test
    void shouldServeAColdStartBuyerOnTheFeedWhatIsPopularInTheirRegion() {
        h.vector.answers("A", "B");

        RankingResult r = h.serve(h.feedQuery("newcomer", CHIANG_MAI));

        assertThat(ids(r)).containsExactlyInAnyOrder("CM-HOT", "CM-WARM");
        assertThat(h.vector.searches).as("no taste vector, no vector search").hasValue(0);
        assertThat(r.degraded()).isEmpty();
    }

    @Test
    void shouldMixTheBuyersTasteWithRegionalPopularityOnTheFeed() {
        h.userVectors.put("regular", new float[]{0, 1, 0, 0});
        h.vector.answers("A", "B");

        RankingResult r = h.serve(h.feedQuery("regular", BANGKOK));

        assertThat(ids(r)).containsExactlyInAnyOrder("A", "B", "BKK-HOT");
    }

    @Test
    void shouldOpenTheBreakerAfterRepeatedFailuresAndSkipTheVectorStoreWhileOpen() {
        h.keyword.answers("A");
        h.vector.mode = FAIL;
        for (int i = 0; i < 4; i++) {
            h.serve(h.searchQuery("iphone", BANGKOK));
        }
        assertThat(h.breaker("vector-recall")).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(h.vector.searches).hasValue(4);

        RankingResult r = h.serve(h.searchQuery("iphone", BANGKOK));

        assertThat(h.vector.searches).as("skipped while open").hasValue(4);
        assertThat(ids(r)).containsExactly("A");
        assertThat(r.degraded()).containsExactly("vector-recall");
        assertThat(h.errors("vector-recall", "error")).isEqualTo(4);
        assertThat(h.errors("vector-recall", "rejected")).isEqualTo(1);
        assertThat(h.meters.find("resilience4j.circuitbreaker.state").tag("name", "vector-recall")
                .tag("state", "open").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void mergeInterleavesSourcesDeduplicatesAndCaps() {
        RecallMerge merge = new RecallMerge(h.market.catalog, 3);
        List<Candidate> keyword = List.of(Candidate.recalled("A", "keyword-recall", 9),
                Candidate.recalled("B", "keyword-recall", 8), Candidate.recalled("C", "keyword-recall", 7));
        List<Candidate> vector = List.of(Candidate.recalled("B", "vector-recall", 0.9),
                Candidate.recalled("UNKNOWN", "vector-recall", 0.8));

        List<Candidate> merged = merge.merge(h.feedQuery("u", BANGKOK), List.of(keyword, vector));

        assertThat(merged).extracting(Candidate::listingId).containsExactly("A", "B");
        assertThat(merged.get(1).recallScores().sources()).containsExactlyInAnyOrder("keyword-recall", "vector-recall");
        assertThat(merged.get(1).recallScores().get("vector-recall", -1)).isEqualTo(0.9);
        assertThat(merged.get(1).recallScores().get("keyword-recall", -1)).isEqualTo(8);
        assertThat(merged.get(0).distanceKm()).isLessThan(5.0);
        assertThat(merged).extracting(Candidate::recallRank).containsExactly(0, 1);
    }
}
