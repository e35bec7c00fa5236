package io.mercator.fraud.gate;

import io.mercator.fraud.supervised.FraudModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrecisionGateTest {

    private final PrecisionGate gate = PrecisionGate.defaults();

    @Test
    void actsAloneOnlyFromTheTargetPrecision() {
        Audit passed = new Audit(200, 200, 0);
        assertThat(gate.decide(new FraudModel.Scored(0.5, 0.9, 0.96), passed)).isEqualTo(PrecisionGate.Action.REMOVE);
        assertThat(gate.decide(new FraudModel.Scored(0.5, 0.9, 0.949), passed)).isEqualTo(PrecisionGate.Action.REVIEW);
        assertThat(gate.decide(new FraudModel.Scored(0.5, 0.9, 0.2), passed)).isEqualTo(PrecisionGate.Action.REVIEW);
        assertThat(gate.decide(new FraudModel.Scored(0.9, 0.9, 0.1), passed)).isEqualTo(PrecisionGate.Action.PASS);
    }

    @Test
    void staysClosedUntilAnAuditAssuresThePrecision() {
        FraudModel.Scored sure = new FraudModel.Scored(0.5, 0.99, 0.99);
        assertThat(gate.decide(sure, Audit.NONE)).isEqualTo(PrecisionGate.Action.REVIEW);
        // 10 of 10 confirmed assures only about 0.79; 60 of 60 about 0.957
        assertThat(new Audit(10, 10, 0).assuredPrecision()).isCloseTo(0.787, org.assertj.core.api.Assertions.within(0.002));
        assertThat(gate.decide(sure, new Audit(10, 10, 0))).isEqualTo(PrecisionGate.Action.REVIEW);
        assertThat(gate.decide(sure, new Audit(60, 60, 0))).isEqualTo(PrecisionGate.Action.REMOVE);
        assertThat(gate.decide(sure, new Audit(200, 180, 0))).as("90% confirmed").isEqualTo(PrecisionGate.Action.REVIEW);
        // moderators wrong 5% of the time: 190 of 200 confirmed is what an all-fraud sample looks like
        assertThat(new Audit(200, 190, 0.05).precision()).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(gate.decide(sure, new Audit(200, 190, 0.05))).isEqualTo(PrecisionGate.Action.REMOVE);
    }

    @Test
    void anUncalibratedModelNeverActsAlone() {
        assertThat(gate.decide(new FraudModel.Scored(0.99, 0.99, Double.NaN), new Audit(500, 500, 0))).isEqualTo(PrecisionGate.Action.REVIEW);
        assertThat(gate.decide(new FraudModel.Scored(0.4, 0.4, Double.NaN), Audit.NONE)).isEqualTo(PrecisionGate.Action.PASS);
    }

    @Test
    void refusesThresholdsOutOfOrder() {
        assertThatThrownBy(() -> new PrecisionGate(0.5, 0.9, 0.6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PrecisionGate(0.95, 0.2, 1.2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLabelIsWorthMostWhereTheModelIsLeastSureAndBuyersLook() {
        assertThat(LabelValue.of(0.5, 0)).isGreaterThan(LabelValue.of(0.9, 0)).isGreaterThan(LabelValue.of(0.99, 0));
        assertThat(LabelValue.of(0.1, 0)).isEqualTo(LabelValue.of(0.9, 0), org.assertj.core.api.Assertions.within(1e-12));
        assertThat(LabelValue.of(0.5, 1_000)).isGreaterThan(LabelValue.of(0.5, 10));
        assertThat(LabelValue.of(1, 1_000)).isZero();
    }
}
