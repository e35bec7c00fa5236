package io.mercator.fraud.supervised;

import io.mercator.fraud.anomaly.IsolationForest;
import io.mercator.fraud.features.FraudFeatures;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FraudTrainerTest {

    private static final int CHEAP = FraudFeatures.PRICE_LOG_RATIO;
    private static final int NEW_CLAIM = FraudFeatures.CLAIMS_NEW;

    /** Rows of noise in every feature, but for price and the claim of new, which are set per row. */
    private static double[][] rows(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] rows = new double[n][FraudFeatures.WIDTH];
        for (double[] row : rows) {
            for (int f = 0; f < row.length; f++) {
                row[f] = r.nextDouble();
            }
            row[CHEAP] = r.nextDouble() * 2 - 1;
            row[NEW_CLAIM] = r.nextBoolean() ? 1 : 0;
        }
        return rows;
    }

    private static double[] row(double cheap, double claimsNew) {
        double[] row = new double[FraudFeatures.WIDTH];
        java.util.Arrays.fill(row, 0.5);
        row[CHEAP] = cheap;
        row[NEW_CLAIM] = claimsNew;
        return row;
    }

    @Test
    void moderatorsLabelsMoveTheModel() {
        FraudTrainer trainer = new FraudTrainer(7, 0);
        double[][] rows = rows(400, 1);
        IsolationForest forest = trainer.forest(rows);
        // first the moderators remove cheap listings, then (a new policy) those that claim to be new
        boolean[] cheapRemoved = new boolean[rows.length];
        boolean[] newRemoved = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            cheapRemoved[i] = rows[i][CHEAP] < -0.3;
            newRemoved[i] = rows[i][NEW_CLAIM] > 0;
        }
        double[] cheapUsed = row(-0.9, 0);
        double[] dearNew = row(0.9, 1);
        try (FraudModel first = trainer.supervisedModel("a", forest, rows, cheapRemoved);
             FraudModel second = trainer.supervisedModel("b", forest, rows, newRemoved)) {
            assertThat(first.score(cheapUsed).probability()).isGreaterThan(0.9);
            assertThat(first.score(dearNew).probability()).isLessThan(0.1);
            assertThat(second.score(cheapUsed).probability()).isLessThan(0.1);
            assertThat(second.score(dearNew).probability()).isGreaterThan(0.9);
            assertThat(second.labels()).isEqualTo(rows.length);
        }
    }

    @Test
    void explainsASupervisedScoreWithShapValuesThatSumToItsMargin() {
        FraudTrainer trainer = new FraudTrainer(7, 0);
        double[][] rows = rows(300, 2);
        boolean[] removed = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            removed[i] = rows[i][CHEAP] < -0.3;
        }
        try (FraudModel model = trainer.supervisedModel("m", trainer.forest(rows), rows, removed)) {
            double[] x = row(-0.8, 0);
            FraudModel.Explanation why = model.explain(x);
            assertThat(why.method()).isEqualTo("shap-log-odds");
            double margin = why.bias();
            for (double v : why.values()) {
                margin += v;
            }
            double raw = model.score(x).score();
            assertThat(1 / (1 + Math.exp(-margin))).isCloseTo(raw, within(1e-6));
            assertThat(why.top(1)).containsOnlyKeys("price_log_ratio");
            assertThat(model.classifier().members()).isEqualTo(5);
        }
    }

    @Test
    void theForestExplainsWithPathShares() {
        FraudTrainer trainer = new FraudTrainer(7, 0);
        FraudModel anomaly = trainer.anomalyModel("f", trainer.forest(rows(300, 3)), new double[0][], new boolean[0]);
        FraudModel.Explanation why = anomaly.explain(row(-0.9, 1));
        assertThat(why.method()).isEqualTo("isolation-path-share");
        assertThat(java.util.Arrays.stream(why.values()).sum()).isCloseTo(1.0, within(1e-9));
        assertThat(anomaly.calibrator()).as("no labels, no calibration").isNull();
        assertThat(anomaly.score(row(0, 0)).calibrated()).isFalse();
    }

    @Test
    void refusesToTrainWithoutBothKindsOfDecision() {
        FraudTrainer trainer = new FraudTrainer(7, 0);
        double[][] rows = rows(100, 4);
        boolean[] few = new boolean[rows.length];
        few[0] = true;
        assertThat(FraudTrainer.canTrainSupervised(few)).isFalse();
        assertThatThrownBy(() -> trainer.supervisedModel("x", trainer.forest(rows), rows, few))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("removals");
    }
}
