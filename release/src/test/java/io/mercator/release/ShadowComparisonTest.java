package io.mercator.release;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ShadowComparisonTest {

    private static double[] scores(SplittableRandom rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble();
        }
        return v;
    }

    @Test
    void aCandidateThatAgreesHasFullRankCorrelationAndNoDrift() {
        ShadowComparison c = new ShadowComparison();
        SplittableRandom rng = new SplittableRandom(1);
        for (int r = 0; r < 50; r++) {
            double[] a = scores(rng, 30);
            assertThat(c.add(a, a.clone())).isEqualTo(1.0, within(1e-12));
        }
        ShadowComparison.Snapshot s = c.snapshot();
        assertThat(s.compared()).isEqualTo(50);
        assertThat(s.meanRankCorrelation()).isEqualTo(1.0, within(1e-12));
        assertThat(s.topAgreement()).isEqualTo(1.0);
        assertThat(s.meanAbsDifference()).isZero();
        assertThat(s.ksStatistic()).isZero();
        assertThat(s.ksPValue()).isGreaterThan(0.99);
    }

    @Test
    void aReversedOrderAndAShiftedScaleAreTold() {
        ShadowComparison reversed = new ShadowComparison();
        ShadowComparison shifted = new ShadowComparison();
        SplittableRandom rng = new SplittableRandom(2);
        for (int r = 0; r < 50; r++) {
            double[] a = scores(rng, 30);
            double[] minus = new double[a.length];
            double[] higher = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                minus[i] = -a[i];
                higher[i] = a[i] + 0.2;
            }
            reversed.add(a, minus);
            shifted.add(a, higher);
        }
        assertThat(reversed.snapshot().meanRankCorrelation()).isEqualTo(-1.0, within(1e-12));
        assertThat(reversed.snapshot().topAgreement()).isZero();
        ShadowComparison.Snapshot s = shifted.snapshot();
        // same order, other scale: rank correlation cannot see it, the score drift does
        assertThat(s.meanRankCorrelation()).isEqualTo(1.0, within(1e-12));
        assertThat(s.meanAbsDifference()).isEqualTo(0.2, within(1e-9));
        assertThat(s.candidateMean() - s.championMean()).isEqualTo(0.2, within(1e-9));
        assertThat(s.ksStatistic()).isGreaterThan(0.15);
        assertThat(s.ksPValue()).isLessThan(1e-6);
    }

    @Test
    void aSingleItemOrAConstantListHasNoRankCorrelation() {
        assertThat(ShadowComparison.rankCorrelation(new double[] {0.4}, new double[] {0.2})).isNull();
        assertThat(ShadowComparison.rankCorrelation(new double[] {0.4, 0.4}, new double[] {0.2, 0.3})).isNull();
        ShadowComparison c = new ShadowComparison();
        c.add(new double[] {0.4}, new double[] {0.2});
        c.skipped();
        c.failed();
        ShadowComparison.Snapshot s = c.snapshot();
        assertThat(s.meanRankCorrelation()).isNull();
        assertThat(s.ksStatistic()).isNull();
        assertThat(s.compared()).isEqualTo(1);
        assertThat(s.skipped()).isEqualTo(1);
        assertThat(s.failed()).isEqualTo(1);
    }
}
