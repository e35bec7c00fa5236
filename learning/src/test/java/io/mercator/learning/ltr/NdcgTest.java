package io.mercator.learning.ltr;

import com.microsoft.ml.lightgbm.PredictionType;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NdcgTest {

    private static final double LOG2_3 = Math.log(3) / Math.log(2);

    @Test
    void knownValuesWithGainTwoToTheLabelMinusOne() {
        // ordered by score: labels 1, 2, 0; ideal 2, 1, 0
        float[] labels = {2, 1, 0};
        double[] scores = {0.5, 0.9, 0.1};
        double dcg = 1 + 3 / LOG2_3;
        double idcg = 3 + 1 / LOG2_3;
        assertThat(Ndcg.ofQuery(labels, scores, 3)).isCloseTo(dcg / idcg, within(1e-12));
        assertThat(Ndcg.ofQuery(labels, scores, 1)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(Ndcg.ofQuery(labels, new double[]{3, 2, 1}, 3)).isEqualTo(1.0);
        // k beyond the list is cut to its size
        assertThat(Ndcg.ofQuery(labels, scores, 10)).isCloseTo(dcg / idcg, within(1e-12));
    }

    @Test
    void aQueryWithoutRelevantDocumentsCountsAsOneAsInLightGbm() {
        assertThat(Ndcg.ofQuery(new float[]{0, 0, 0}, new double[]{1, 2, 3}, 3)).isEqualTo(1.0);
        LibSvmDataset two = new LibSvmDataset(new float[]{0, 0, 1, 0}, new float[4], 1, new int[]{2, 2});
        // second query puts its relevant document last: 1/log2(3)
        assertThat(Ndcg.mean(two, new double[]{0, 0, 0, 1}, 2)).isCloseTo((1 + 1 / LOG2_3) / 2, within(1e-12));
    }

    @Test
    void tiesKeepTheDataOrder() {
        float[] labels = {0, 1};
        assertThat(Ndcg.ofQuery(labels, new double[]{1, 1}, 1)).isEqualTo(0.0);
        assertThat(Ndcg.ofQuery(new float[]{1, 0}, new double[]{1, 1}, 1)).isEqualTo(1.0);
    }

    @Test
    void agreesWithLightGbmsOwnNdcgMetric() throws Exception {
        LibSvmDataset all = LibSvmDataset.read(SharedLtrData.rankTrain());
        int[] trainQ = new int[150];
        int[] testQ = new int[all.queries() - 150];
        for (int q = 0; q < all.queries(); q++) {
            if (q < 150) {
                trainQ[q] = q;
            } else {
                testQ[q - 150] = q;
            }
        }
        LibSvmDataset train = all.selectQueries(trainQ);
        LibSvmDataset test = all.selectQueries(testQ);
        LambdaRankParameters p = LambdaRankParameters.lightGbmExample().withRounds(20);
        try (LGBMDataset t = LGBMDataset.createFromMat(train.features(), train.rows(), train.width(), true, p.dataset(), null);
             LGBMDataset v = LGBMDataset.createFromMat(test.features(), test.rows(), test.width(), true, p.dataset(), t)) {
            t.setField("label", train.labels());
            t.setField("group", train.groups());
            v.setField("label", test.labels());
            v.setField("group", test.groups());
            try (LGBMBooster booster = LGBMBooster.create(t, p.lightGbm())) {
                booster.addValidData(v);
                for (int i = 0; i < 20; i++) {
                    booster.updateOneIter();
                }
                double[] lightGbm = booster.getEval(1); // ndcg@1, @3, @5
                double[] scores = booster.predictForMat(test.features(), test.rows(), test.width(), true,
                        PredictionType.C_API_PREDICT_RAW_SCORE);
                assertThat(Ndcg.mean(test, scores, 1)).isCloseTo(lightGbm[0], within(1e-6));
                assertThat(Ndcg.mean(test, scores, 3)).isCloseTo(lightGbm[1], within(1e-6));
                assertThat(Ndcg.mean(test, scores, 5)).isCloseTo(lightGbm[2], within(1e-6));
            }
        }
    }
}
