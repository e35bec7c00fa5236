package io.mercator.fraud.anomaly;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class IsolationForestTest {

    /** 2,000 rows of three standard normal features. */
    private static double[][] normal(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] rows = new double[n][3];
        for (double[] row : rows) {
            for (int f = 0; f < 3; f++) {
                row[f] = gaussian(r);
            }
        }
        return rows;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** A normal row but for one feature, six standard deviations out. */
    private static double[] outlier(SplittableRandom r, int feature) {
        double[] row = {gaussian(r), gaussian(r), gaussian(r)};
        row[feature] = r.nextBoolean() ? 6 : -6;
        return row;
    }

    @Test
    void scoresHeldOutOutliersAboveHeldOutNormalRows() {
        IsolationForest forest = IsolationForest.fit(normal(2_000, 1), IsolationForest.Settings.defaults(7));
        double[][] normals = normal(500, 2);
        SplittableRandom r = new SplittableRandom(3);
        double[][] outliers = new double[40][];
        for (int i = 0; i < outliers.length; i++) {
            outliers[i] = outlier(r, i % 3);
        }
        // AUC: the chance an outlier scores above a normal row
        long above = 0;
        double normalMean = 0;
        double outlierMean = 0;
        for (double[] o : outliers) {
            double so = forest.score(o);
            outlierMean += so / outliers.length;
            for (double[] n : normals) {
                if (so > forest.score(n)) {
                    above++;
                }
            }
        }
        for (double[] n : normals) {
            normalMean += forest.score(n) / normals.length;
        }
        assertThat(above / (double) (outliers.length * normals.length)).as("AUC").isGreaterThan(0.95);
        assertThat(normalMean).isLessThan(0.5);
        assertThat(outlierMean).isGreaterThan(0.6);
    }

    @Test
    void theFeatureThatIsolatesARowGetsTheLargestAttribution() {
        IsolationForest forest = IsolationForest.fit(normal(2_000, 1), IsolationForest.Settings.defaults(7));
        SplittableRandom r = new SplittableRandom(4);
        for (int feature = 0; feature < 3; feature++) {
            double[] a = forest.attributions(outlier(r, feature));
            assertThat(a[0] + a[1] + a[2]).isCloseTo(1.0, within(1e-9));
            for (int other = 0; other < 3; other++) {
                if (other != feature) {
                    assertThat(a[feature]).as("feature %d of an outlier in feature %d", other, feature)
                            .isGreaterThan(a[other]);
                }
            }
        }
    }

    @Test
    void theSameRowsAndSeedGrowTheSameForest() {
        double[][] rows = normal(1_000, 5);
        double[] probe = {0.3, -1.2, 2.5};
        assertThat(IsolationForest.fit(rows, IsolationForest.Settings.defaults(11)).score(probe))
                .isEqualTo(IsolationForest.fit(rows, IsolationForest.Settings.defaults(11)).score(probe));
        assertThat(IsolationForest.averagePathLength(256)).isCloseTo(10.24, within(0.01));
    }

    @Test
    void refusesWhatItCannotScore() {
        assertThatThrownBy(() -> IsolationForest.fit(new double[][]{{1, 2}}, IsolationForest.Settings.defaults(1)))
                .hasMessageContaining("two rows");
        assertThatThrownBy(() -> IsolationForest.fit(new double[][]{{1, Double.NaN}, {2, 3}}, IsolationForest.Settings.defaults(1)))
                .hasMessageContaining("finite");
        IsolationForest forest = IsolationForest.fit(normal(100, 1), IsolationForest.Settings.defaults(1));
        assertThatThrownBy(() -> forest.score(new double[2])).hasMessageContaining("expected 3 features");
    }
}
