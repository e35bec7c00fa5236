package io.mercator.learning;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ModelTrainerTest {

    private static TrainingSet set;
    private static TrainedModels trained;

    @BeforeAll
    static void train() {
        set = Simulated.of(Simulated.WEEK).trainingSet();
        trained = new ModelTrainer().train(set);
    }

    @AfterAll
    static void close() {
        trained.close();
    }

    /** The first {@code n} rows of the set as a double matrix. */
    private static double[] firstRows(int n) {
        double[] x = new double[n * set.width()];
        for (int i = 0; i < n; i++) {
            set.copyFeatures(i, x, i * set.width());
        }
        return x;
    }

    @Test
    void theClickModelLearnsSomethingOnHeldOutTime() {
        TrainingMetadata m = trained.metadata();
        assertThat(m.pctr().validationAuc()).isGreaterThan(0.6);
        assertThat(m.pctr().validationRows()).isPositive();
        assertThat(m.pctr().trainRows() + m.pctr().validationRows()).isEqualTo(set.size());
        // pCVR learns from clicked rows only
        assertThat(m.pcvr().trainRows() + m.pcvr().validationRows()).isEqualTo(m.pctr().trainPositives()
                + m.pctr().validationPositives());
        assertThat(m.validationStartMillis()).isGreaterThan(m.windowStartMillis()).isLessThan(m.windowEndMillis());
        assertThat(m.featureNames()).isEqualTo(RankingFeatures.NAMES);
        assertThat(m.version()).matches("m-\\d{14}-[0-9a-f]{8}");
    }

    @Test
    void predictionsAreProbabilitiesAndBatchEqualsRowByRow() {
        ClickModels models = trained.models();
        int n = 500;
        double[] x = firstRows(n);
        ClickModels.Predictions batch = models.predict(x, n);
        assertThat(batch.pctr()).hasSize(n);
        assertThat(batch.pcvr()).hasSize(n);
        assertThat(java.util.Arrays.stream(batch.pctr()).boxed()).allMatch(p -> p > 0 && p < 1);
        assertThat(java.util.Arrays.stream(batch.pcvr()).boxed()).allMatch(p -> p > 0 && p < 1);
        int w = set.width();
        for (int i = 0; i < n; i++) {
            double[] row = java.util.Arrays.copyOfRange(x, i * w, (i + 1) * w);
            ClickModels.Predictions one = models.predict(row, 1);
            assertThat(one.pctr()[0]).isCloseTo(batch.pctr()[i], within(1e-12));
            assertThat(one.pcvr()[0]).isCloseTo(batch.pcvr()[i], within(1e-12));
        }
    }

    @Test
    void contributionsSumToTheLogOddsOfTheUncalibratedPrediction() {
        LightGbmClickModels models = trained.models();
        double[] x = firstRows(50);
        // SHAP works on the boosters' margin; the calibrators map its probability afterwards
        ClickModels.Predictions p = models.predictUncalibrated(x, 50);
        int w = set.width();
        for (int i = 0; i < 50; i++) {
            double[] row = java.util.Arrays.copyOfRange(x, i * w, (i + 1) * w);
            ClickModels.Contributions c = models.explain(row);
            assertThat(c.pctr()).hasSize(w + 1);
            assertThat(c.pcvr()).hasSize(w + 1);
            assertThat(sum(c.pctr())).isCloseTo(logit(p.pctr()[i]), within(1e-6));
            assertThat(sum(c.pcvr())).isCloseTo(logit(p.pcvr()[i]), within(1e-6));
        }
    }

    @Test
    void trainingIsDeterministic() {
        try (TrainedModels again = new ModelTrainer().train(set)) {
            assertThat(again.models().version()).isEqualTo(trained.models().version());
            assertThat(again.models().pctrModelText()).isEqualTo(trained.models().pctrModelText());
            assertThat(again.models().pcvrModelText()).isEqualTo(trained.models().pcvrModelText());
        }
    }

    @Test
    void theWindowLimitsTheRows() {
        try (TrainedModels shortWindow = new ModelTrainer(TrainingParameters.defaults().withWindowDays(3)).train(set)) {
            TrainingMetadata m = shortWindow.metadata();
            assertThat(m.windowEndMillis() - m.windowStartMillis()).isLessThanOrEqualTo(3 * 86_400_000L);
            int expected = 0;
            for (int i = 0; i < set.size(); i++) {
                expected += set.ts(i) >= m.windowEndMillis() - 3 * 86_400_000L ? 1 : 0;
            }
            assertThat(m.pctr().trainRows() + m.pctr().validationRows()).isEqualTo(expected)
                    .isLessThan(set.size());
        }
    }

    @Test
    void concurrentPredictionsAgreeWithSequentialOnes() throws Exception {
        ClickModels models = trained.models();
        int n = 200;
        double[] x = firstRows(n);
        double[] expected = models.predict(x, n).pctr();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> results = new ArrayList<>();
            for (int t = 0; t < 40; t++) {
                results.add(pool.submit(() -> {
                    models.explain(java.util.Arrays.copyOf(x, set.width()));
                    return models.predict(x, n).pctr();
                }));
            }
            for (Future<double[]> f : results) {
                assertThat(f.get()).containsExactly(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closedModelsRefuseToPredict() {
        TrainedModels other = new ModelTrainer().train(set);
        other.close();
        other.close(); // idempotent
        assertThatThrownBy(() -> other.models().predict(firstRows(1), 1)).isInstanceOf(IllegalStateException.class);
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s;
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }
}
