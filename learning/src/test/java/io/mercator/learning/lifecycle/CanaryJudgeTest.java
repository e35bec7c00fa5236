package io.mercator.learning.lifecycle;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CanaryJudgeTest {

    private final CanaryJudge judge = new CanaryJudge(2_000, 0.01);

    private static ModelTraffic.Counts ctr(long clicks, long impressions) {
        return new ModelTraffic.Counts(impressions, clicks, 0);
    }

    @Test
    void shouldRollBackACanaryWithASignificantlyLowerCtr() {
        // 3.0% against 4.0% on 20k and 200k impressions: z is about -7
        CanaryJudge.Verdict v = judge.judge(ctr(600, 20_000), ctr(8_000, 200_000));

        assertThat(v).isInstanceOf(CanaryJudge.Verdict.RollBack.class);
        CanaryJudge.Verdict.RollBack r = (CanaryJudge.Verdict.RollBack) v;
        assertThat(r.z()).isLessThan(-6);
        assertThat(r.pValue()).isLessThan(1e-6);
    }

    @Test
    void shouldKeepACanaryWhoseShortfallIsWithinChance() {
        // 3.9% against 4.0% on 5k impressions: a dip noise explains (p about 0.36)
        CanaryJudge.Verdict v = judge.judge(ctr(195, 5_000), ctr(8_000, 200_000));

        assertThat(v).isInstanceOf(CanaryJudge.Verdict.Keep.class);
        assertThat(((CanaryJudge.Verdict.Keep) v).pValue()).isGreaterThan(0.01);
    }

    @Test
    void shouldKeepACanaryThatDoesBetter() {
        // one-sided: a canary with a higher CTR is never rolled back
        CanaryJudge.Verdict v = judge.judge(ctr(1_000, 20_000), ctr(8_000, 200_000));

        assertThat(v).isInstanceOf(CanaryJudge.Verdict.Keep.class);
        assertThat(((CanaryJudge.Verdict.Keep) v).pValue()).isGreaterThan(0.99);
    }

    @Test
    void shouldWaitForTheMinimumSampleOnBothSides() {
        // no clicks at all in 1,999 impressions would be damning, but the sample is below the minimum
        CanaryJudge.Verdict v = judge.judge(ctr(0, 1_999), ctr(8_000, 200_000));

        assertThat(v).isEqualTo(new CanaryJudge.Verdict.TooFewImpressions(1_999, 200_000, 2_000));
    }

    @Test
    void shouldComputeTheTextbookStatistic() {
        // pA = 0.10 (n 1000), pB = 0.12 (n 1000): pooled 0.11, SE = sqrt(0.11*0.89*0.002) = 0.013994
        TwoProportionZTest.Result r = TwoProportionZTest.lowerThan(100, 1_000, 120, 1_000);

        assertThat(r.z()).isCloseTo(-1.4292, within(1e-3));
        assertThat(r.pValue()).isCloseTo(0.0765, within(1e-3));
        assertThat(TwoProportionZTest.normalCdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(TwoProportionZTest.normalCdf(-2.326348)).isCloseTo(0.01, within(1e-6));
    }
}
