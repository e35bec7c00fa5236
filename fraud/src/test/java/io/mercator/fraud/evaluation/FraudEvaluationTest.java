package io.mercator.fraud.evaluation;

import io.mercator.fraud.gate.PrecisionGate;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fraud loop end to end on a small simulated marketplace (2,000 buyers, a week): labels from a
 * moderator who is wrong 5% of the time make a model that acts alone where the rule cannot.
 * The figures the README reports come from {@code ./mercator evaluate-fraud} on a larger world.
 */
class FraudEvaluationTest {

    @Test
    void labelsTurnAnUncalibratedAnomalyScoreIntoAModelThatActsAloneAndPrecisely() {
        FraudEvaluation.Settings s = new FraudEvaluation.Settings(2_000, 7, 11, 0.05, 100, List.of(0, 1_000),
                PrecisionGate.defaults(), 0.3, 0.1, 0.2);
        FraudEvaluation.Report r = new FraudEvaluation(s, line -> { }).run();
        assertThat(r.rows()).hasSize(6);
        assertThat(r.testFraudulent()).isGreaterThan(20);
        assertThat(r.labelNoise()).isBetween(0.01, 0.12);

        FraudEvaluation.Row anomalyAt0 = row(r, "anomaly", 0);
        assertThat(anomalyAt0.removed()).as("without labels there is no precision to act on").isZero();
        assertThat(row(r, "supervised", 0).trained()).isFalse();

        FraudEvaluation.Row rule = row(r, "rule", 1_000);
        FraudEvaluation.Row supervised = row(r, "supervised", 1_000);
        assertThat(supervised.trained()).isTrue();
        assertThat(supervised.removed()).isPositive();
        assertThat(supervised.precision()).as("precision of what it removed alone").isGreaterThanOrEqualTo(0.9);
        assertThat(supervised.recallAtRulePrecision()).isGreaterThan(rule.recall());
        assertThat(supervised.automation()).isGreaterThan(rule.automation());
    }

    @Test
    void recallAtPrecisionTakesTheBestThresholdThatKeepsThePrecision() {
        double[] score = {0.9, 0.8, 0.7, 0.6, 0.5};
        boolean[] truth = {true, true, false, true, false};
        assertThat(FraudEvaluation.recallAtPrecision(score, truth, 1.0)).isEqualTo(2 / 3.0);
        assertThat(FraudEvaluation.recallAtPrecision(score, truth, 0.75)).isEqualTo(1.0);
        assertThat(FraudEvaluation.recallAtPrecision(score, truth, Double.NaN)).isZero();
    }

    private static FraudEvaluation.Row row(FraudEvaluation.Report r, String model, int labels) {
        return r.rows().stream().filter(x -> x.model().equals(model) && x.labels() == labels).findFirst().orElseThrow();
    }
}
