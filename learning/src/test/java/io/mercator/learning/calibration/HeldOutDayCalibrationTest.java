package io.mercator.learning.calibration;

import io.mercator.learning.ModelTrainer;
import io.mercator.learning.TrainedModels;
import io.mercator.learning.TrainingSet;
import io.mercator.learning.TrainingSetProjection;
import io.mercator.simulator.MarketplaceSimulator;
import io.mercator.simulator.SimulationConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trains on six simulated days and looks at the seventh, which neither the boosters nor the
 * calibrators saw: calibrated probabilities must be better calibrated there than raw ones.
 */
class HeldOutDayCalibrationTest {

    private static final long END = 1_767_225_600_000L; // 2026-01-01T00:00Z
    private static final long DAY = SimulationConfig.DAY_MILLIS;

    private static TrainingSet set;
    private static TrainedModels trained;

    @BeforeAll
    static void train() {
        SimulationConfig config = new SimulationConfig(1_000, 7, 11L, END);
        List<io.mercator.events.Event> events = new ArrayList<>();
        new MarketplaceSimulator(config).run(events::addAll);
        set = TrainingSetProjection.build(events);
        trained = new ModelTrainer().train(set, END - DAY - TrainingSetProjection.ATTRIBUTION_WINDOW_MS);
    }

    @AfterAll
    static void close() {
        trained.close();
    }

    @Test
    void bothModelsAreCalibratedAndTheMetadataSaysHowWell() {
        Calibrators c = trained.models().calibrators();
        assertThat(c.pctr()).isNotNull();
        assertThat(c.pcvr()).isNotNull();
        CalibrationReport report = trained.metadata().calibration();
        assertThat(report.pctr().binning()).isEqualTo(CalibrationError.Binning.EQUAL_MASS);
        assertThat(report.pctr().bins()).isEqualTo(CalibrationError.DEFAULT_BINS);
        assertThat(report.pctr().fitRows()).isEqualTo(trained.metadata().pctr().validationRows());
        assertThat(report.pctr().evaluationRows()).isPositive().isLessThan(report.pctr().fitRows());
        assertThat(report.pctr().eceRaw()).isBetween(0.0, 1.0);
        assertThat(report.pcvr().knots()).isPositive();
    }

    /** The held-out day's features and clicks. */
    private record Day(double[] x, float[] clicked, int n) {
        static Day heldOut() {
            long from = END - DAY;
            int n = 0;
            for (int i = 0; i < set.size(); i++) {
                n += set.ts(i) >= from ? 1 : 0;
            }
            int w = set.width();
            double[] x = new double[n * w];
            float[] clicked = new float[n];
            for (int i = 0, r = 0; i < set.size(); i++) {
                if (set.ts(i) >= from) {
                    set.copyFeatures(i, x, r * w);
                    clicked[r++] = set.clicked(i) ? 1 : 0;
                }
            }
            return new Day(x, clicked, n);
        }
    }

    /**
     * Boosting on a fifth of the unclicked impressions (no weight correction) inflates the click
     * model's probabilities; the calibrator, fitted on the unsampled validation split, must bring
     * them back on a day neither saw.
     */
    @Test
    void calibrationRepairsADownSampledClickModelOnTheHeldOutDay() {
        Day day = Day.heldOut();
        try (TrainedModels sampled = new ModelTrainer().withNegativeSampling(0.2, false)
                .train(set, END - DAY - TrainingSetProjection.ATTRIBUTION_WINDOW_MS)) {
            assertThat(sampled.metadata().pctr().trainRows()).isLessThan(trained.metadata().pctr().trainRows() / 3);
            double[] raw = sampled.models().predictUncalibrated(day.x(), day.n()).pctr();
            double[] calibrated = sampled.models().predict(day.x(), day.n()).pctr();
            double before = CalibrationError.expected(raw, day.clicked());
            double after = CalibrationError.expected(calibrated, day.clicked());
            assertThat(before).isGreaterThan(0.02); // several times the click rate's scale: clearly off
            assertThat(after).isLessThan(before / 4);
            // the metadata's out-of-sample figure tells the same story
            CalibrationMetrics m = sampled.metadata().calibration().pctr();
            assertThat(m.eceCalibrated()).isLessThan(m.eceRaw() / 4);
        }
    }

    /**
     * Reweighting the kept negatives keeps the booster's probabilities about right by itself.
     */
    @Test
    void reweightedDownSamplingKeepsRawProbabilitiesCalibrated() {
        Day day = Day.heldOut();
        try (TrainedModels reweighted = new ModelTrainer().withNegativeSampling(0.2, true)
                .train(set, END - DAY - TrainingSetProjection.ATTRIBUTION_WINDOW_MS);
             TrainedModels sampled = new ModelTrainer().withNegativeSampling(0.2, false)
                     .train(set, END - DAY - TrainingSetProjection.ATTRIBUTION_WINDOW_MS)) {
            double weighted = CalibrationError.expected(
                    reweighted.models().predictUncalibrated(day.x(), day.n()).pctr(), day.clicked());
            double unweighted = CalibrationError.expected(
                    sampled.models().predictUncalibrated(day.x(), day.n()).pctr(), day.clicked());
            assertThat(weighted).isLessThan(unweighted / 4);
        }
    }

    /**
     * The full booster is already close to calibrated on this small marketplace (log loss is what
     * it minimises), and an isotonic map fitted on ~12k validation rows mostly adds noise: it must
     * not make the held-out day worse by more than the noise of the measure, and it keeps the order.
     */
    @Test
    void onAnAlreadyCalibratedModelCalibrationStaysWithinNoiseAndKeepsTheOrder() {
        Day day = Day.heldOut();
        double[] raw = trained.models().predictUncalibrated(day.x(), day.n()).pctr();
        double[] calibrated = trained.models().predict(day.x(), day.n()).pctr();
        assertThat(CalibrationError.expected(calibrated, day.clicked()))
                .isLessThan(CalibrationError.expected(raw, day.clicked()) + 0.005);
        Integer[] order = new Integer[day.n()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(raw[a], raw[b]));
        for (int k = 1; k < order.length; k++) {
            if (raw[order[k]] > raw[order[k - 1]]) {
                assertThat(calibrated[order[k]]).isGreaterThan(calibrated[order[k - 1]]);
            }
        }
    }
}
