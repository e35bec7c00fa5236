package io.mercator.learning.registry;

import io.mercator.learning.RankingEvaluation;
import io.mercator.learning.ScoreFormula;
import io.mercator.learning.TrainingSet;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static io.mercator.learning.registry.TestModels.DAY;
import static io.mercator.learning.registry.TestModels.START;
import static io.mercator.learning.registry.TestModels.scorer;
import static org.assertj.core.api.Assertions.assertThat;

class ModelGateTest {

    private final TrainingSet set = TestModels.twoDays(3);
    private final ModelGate gate = new ModelGate(new ModelGate.Policy(0.01, 50, RankingEvaluation.DEFAULT_K,
            ScoreFormula.CLICK_THEN_ORDER));

    private GateEvaluation lastDay(double candidateSign, Optional<Double> productionSign) {
        return gate.evaluate(set, START + DAY, START + 2 * DAY, scorer("cand", candidateSign),
                productionSign.map(s -> scorer("prod", s)));
    }

    @Test
    void shouldStageACandidateThatBeatsProductionByTheMargin() {
        GateEvaluation e = lastDay(+1, Optional.of(-1.0));

        GateDecision d = gate.decide(e);

        assertThat(d).isInstanceOf(GateDecision.Staged.class);
        assertThat(d.stage()).isEqualTo(Stage.STAGING);
        assertThat(e.candidate()).isGreaterThan(e.production() + 0.01);
        assertThat(e.productionVersion()).isEqualTo("prod");
        assertThat(e.requests()).isGreaterThan(500);
        // the references are measured on the same requests: a perfect-feature ranker beats both
        assertThat(e.candidate()).isGreaterThan(e.random()).isGreaterThan(e.production());
        assertThat(e.popularity()).isBetween(0.0, 1.0);
    }

    @Test
    void shouldRejectACandidateThatDoesNotBeatProductionByTheMargin() {
        // the same ranking under another name: gain 0, below the 0.01 margin
        GateEvaluation e = lastDay(+1, Optional.of(+1.0));

        GateDecision d = gate.decide(e);

        assertThat(e.candidate()).isEqualTo(e.production());
        assertThat(d).isInstanceOf(GateDecision.Rejected.class);
        assertThat(d.stage()).isEqualTo(Stage.ARCHIVED);
        assertThat(d.reason()).contains("below the margin");
    }

    @Test
    void shouldMakeTheFirstModelProductionWhateverItScores() {
        GateDecision d = gate.decide(lastDay(-1, Optional.empty()));

        assertThat(d).isInstanceOf(GateDecision.FirstModel.class);
        assertThat(d.stage()).isEqualTo(Stage.PRODUCTION);
        assertThat(d.evaluation().production()).isNaN();
    }

    @Test
    void shouldRejectWhenTooFewRequestsToJudge() {
        // one hour of the last day: about 30 requests, fewer than the 50 needed
        GateEvaluation e = gate.evaluate(set, START + DAY, START + DAY + 3_600_000L, scorer("cand", 1),
                Optional.of(scorer("prod", -1)));

        GateDecision d = gate.decide(e);

        assertThat(d).isInstanceOf(GateDecision.Rejected.class);
        assertThat(d.reason()).contains("needed to judge");
    }
}
