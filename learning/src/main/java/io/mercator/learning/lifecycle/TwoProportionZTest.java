package io.mercator.learning.lifecycle;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * One-sided two-proportion z-test: is proportion A (the canary's CTR) lower than proportion B
 * (production's)?
 *
 * <p>With {@code x} successes out of {@code n} trials in each group, {@code p = x / n}, the pooled
 * proportion {@code P = (xA + xB) / (nA + nB)} and standard error
 * {@code SE = sqrt(P (1 - P) (1/nA + 1/nB))}, the statistic is {@code z = (pA - pB) / SE} and the
 * one-sided p-value of H1 "A is lower" is {@code Phi(z)}, the standard normal CDF. The normal
 * approximation wants a few successes and failures in each group; callers require a minimum
 * sample first.
 */
public final class TwoProportionZTest {

    /**
     * Phi, from Apache Commons Statistics. The statistic itself is five lines of arithmetic on the
     * counts; neither Commons Statistics nor Commons Math offers this test for two proportions.
     */
    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private TwoProportionZTest() {
    }

    /**
     * @param z      the statistic (negative when A is lower)
     * @param pValue one-sided p-value of "A is lower than B"
     */
    public record Result(double z, double pValue) {
    }

    public static Result lowerThan(long successesA, long trialsA, long successesB, long trialsB) {
        if (trialsA <= 0 || trialsB <= 0) {
            throw new IllegalArgumentException("both groups need trials");
        }
        double pa = successesA / (double) trialsA;
        double pb = successesB / (double) trialsB;
        double pooled = (successesA + successesB) / (double) (trialsA + trialsB);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / trialsA + 1.0 / trialsB));
        if (se == 0) {
            // both all-success or all-failure: no evidence either way
            return new Result(0, 0.5);
        }
        double z = (pa - pb) / se;
        return new Result(z, normalCdf(z));
    }

    static double normalCdf(double z) {
        return STANDARD_NORMAL.cumulativeProbability(z);
    }
}
