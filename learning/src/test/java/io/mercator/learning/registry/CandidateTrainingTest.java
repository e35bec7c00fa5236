package io.mercator.learning.registry;

import io.mercator.learning.ModelTrainer;
import io.mercator.learning.RankingEvaluation;
import io.mercator.learning.ScoreFormula;
import io.mercator.learning.SyntheticRows;
import io.mercator.learning.TrainedModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import static io.mercator.learning.registry.TestModels.DAY;
import static io.mercator.learning.registry.TestModels.START;
import static org.assertj.core.api.Assertions.assertThat;

class CandidateTrainingTest {

    @TempDir
    Path dataDir;

    private CandidateTraining training(FileModelRegistry registry, double margin) {
        return new CandidateTraining(registry, new ModelTrainer(TestModels.FAST),
                new ModelGate(new ModelGate.Policy(margin, 10, RankingEvaluation.DEFAULT_K, ScoreFormula.CLICK_THEN_ORDER)),
                Clock.systemUTC());
    }

    @Test
    void shouldRegisterTheFirstModelAsProductionWithItsCardAndThenStageAWinner() {
        FileModelRegistry registry = new FileModelRegistry(dataDir);

        CandidateTraining.Outcome first = training(registry, -1).run(TestModels.twoDays(1), "test", "boot", Optional.empty());

        assertThat(first.decision()).isInstanceOf(GateDecision.FirstModel.class);
        ModelCard card = registry.production().orElseThrow().card();
        assertThat(card.windowEndMillis()).as("trained before the held-out day").isLessThanOrEqualTo(START + DAY);
        // the held-out day ends just after the newest row (the last request is at 1,439 x 2 minutes)
        assertThat(card.evaluation().fromMillis()).isEqualTo(START + 1_439 * 120_000L + 1 - DAY);
        assertThat(card.evaluation().requests()).isPositive();
        assertThat(card.featureBins().names()).containsExactly("relevance", "noise");
        assertThat(card.dataHash()).hasSize(64);

        try (TrainedModels production = registry.load(first.registered().version())) {
            CandidateTraining.Outcome second = training(registry, -1).run(TestModels.twoDays(2), "test", "drift",
                    Optional.of(production.models()));
            assertThat(second.registered().stage()).isEqualTo(Stage.STAGING);
            assertThat(second.registered().card().evaluation().productionVersion()).isEqualTo(first.registered().version());
            assertThat(registry.history().getLast().reason()).startsWith("drift; NDCG@20");
        }
    }

    @Test
    void shouldArchiveALoserSoTheAttemptIsOnRecord() {
        FileModelRegistry registry = new FileModelRegistry(dataDir);
        training(registry, 0).run(TestModels.twoDays(1), "test", "boot", Optional.empty());

        try (TrainedModels production = registry.load(registry.production().orElseThrow().version())) {
            // a margin no ranking can clear
            CandidateTraining.Outcome o = training(registry, 2).run(TestModels.twoDays(2), "test", "count",
                    Optional.of(production.models()));
            assertThat(o.decision()).isInstanceOf(GateDecision.Rejected.class);
            assertThat(o.registered().stage()).isEqualTo(Stage.ARCHIVED);
        }
        assertThat(registry.staging()).isEmpty();
    }

    @Test
    void shouldTrainOnEverythingWhenTheLogIsShorterThanTheHeldOutDay() {
        FileModelRegistry registry = new FileModelRegistry(dataDir);

        CandidateTraining.Outcome o = training(registry, 0).run(
                SyntheticRows.clicksFollowRelevance(600, START, 60_000, 4), "test", "boot", Optional.empty());

        assertThat(o.registered().stage()).isEqualTo(Stage.PRODUCTION);
        assertThat(registry.history().getLast().reason()).contains("in-sample");
    }
}
