package io.mercator.ranking.candidate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecallScoresTest {

    @Test
    void keepsEverySourcesScoreAndTheLaterOneOfASourceFoundTwice() {
        RecallScores keyword = RecallScores.of("keyword-recall", 9.5);
        RecallScores both = keyword.with(RecallScores.of("vector-recall", 0.8));

        assertThat(both.sources()).containsExactlyInAnyOrder("keyword-recall", "vector-recall");
        assertThat(both.get("keyword-recall", -1)).isEqualTo(9.5);
        assertThat(both.get("vector-recall", -1)).isEqualTo(0.8);
        assertThat(both.get("popular-in-region", -1)).isEqualTo(-1);
        assertThat(keyword.sources()).as("the original is unchanged").containsExactly("keyword-recall");

        RecallScores again = both.with(RecallScores.of("keyword-recall", 3.0));
        assertThat(again.sources()).hasSize(2);
        assertThat(again.get("keyword-recall", -1)).isEqualTo(3.0);
        assertThat(again.get("vector-recall", -1)).isEqualTo(0.8);
        assertThat(both.get("keyword-recall", -1)).isEqualTo(9.5);
    }
}
