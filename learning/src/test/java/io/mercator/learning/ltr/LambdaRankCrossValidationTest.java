package io.mercator.learning.ltr;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Five-fold cross-validation on LightGBM's lambdarank example must reach the NDCG LightGBM's own
 * tests demand of that example (tests/python_package_test/test_engine.py, test_lambdarank:
 * NDCG@1 > 0.5674 and NDCG@3 > 0.578 on rank.test). Only rank.train is shared here, so the
 * held-out queries are folds of it.
 */
class LambdaRankCrossValidationTest {

    @Test
    void fiveFoldCrossValidationOnTheLightGbmExampleReachesLightGbmsThresholds() {
        LibSvmDataset data = LibSvmDataset.read(SharedLtrData.rankTrain());
        assertThat(data.rows()).isEqualTo(3005);
        assertThat(data.queries()).isEqualTo(201);

        int[] folds = new int[1];
        CrossValidation.Result r = new CrossValidation(
                new LambdaRankTrainer(LambdaRankParameters.lightGbmExample()), 5, 1L).run(data, f -> folds[0] = f);

        assertThat(folds[0]).isEqualTo(5);
        assertThat(r.folds()).hasNumberOfRows(5);
        assertThat(r.meanAt(1)).isGreaterThan(0.5674);
        assertThat(r.meanAt(3)).isGreaterThan(0.578);
        // NDCG over more positions of the same lists cannot be worse than random-ish; sanity of order
        assertThat(r.meanAt(10)).isBetween(0.0, 1.0);
    }
}
