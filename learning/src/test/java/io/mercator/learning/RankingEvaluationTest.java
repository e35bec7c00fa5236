package io.mercator.learning;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RankingEvaluationTest {

    @Test
    void ndcgIsOneForTheIdealOrderAndDiscountsLaterHits() {
        int[] grades = {0, 3, 1, 0};
        assertThat(RankingEvaluation.ndcg(grades, new double[]{0, 9, 5, 1}, 20)).isEqualTo(1.0);
        // order 0,1,2,3 (ties keep the given order): gains 0, 7, 1, 0
        double dcg = 7 / (Math.log(3) / Math.log(2)) + 1 / 2.0;
        double idcg = 7 + 1 / (Math.log(3) / Math.log(2));
        assertThat(RankingEvaluation.ndcg(grades, new double[4], 20)).isCloseTo(dcg / idcg, within(1e-12));
        // a cut-off of 1 only sees the top slot
        assertThat(RankingEvaluation.ndcg(grades, new double[]{9, 0, 0, 0}, 1)).isZero();
    }

    @Test
    void theLearntRankerBeatsPopularityWhichBeatsRandomAndTheTruthIsTheCeiling() {
        EvaluateReport.Result r = EvaluateReport.run(Simulated.WEEK);

        assertThat(r.requests()).isGreaterThan(200);
        assertThat(r.ndcgPopularity()).isGreaterThan(r.ndcgRandom() + 0.005);
        assertThat(r.ndcgLtr()).isGreaterThan(r.ndcgPopularity() + 0.1);
        assertThat(r.ndcgEngagement()).isGreaterThan(r.ndcgRandom());
        assertThat(r.ndcgLtr()).isGreaterThan(r.ndcgEngagement());
        assertThat(r.ndcgTruth()).isGreaterThanOrEqualTo(r.ndcgLtr());
        assertThat(r.training().pctr().validationAuc()).isGreaterThan(0.6);
        // the model never saw a row whose label could come from the held-out day
        assertThat(r.training().windowEndMillis())
                .isEqualTo(Simulated.END - 86_400_000L - TrainingSetProjection.ATTRIBUTION_WINDOW_MS);
        System.out.printf("NDCG@20 on %d requests: random %.4f, popularity %.4f, ltr %.4f, truth %.4f%n",
                r.requests(), r.ndcgRandom(), r.ndcgPopularity(), r.ndcgLtr(), r.ndcgTruth());
        System.out.println("engagement-rate popularity: " + r.ndcgEngagement());
    }
}
