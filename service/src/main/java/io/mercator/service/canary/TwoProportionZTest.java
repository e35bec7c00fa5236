package io.mercator.service.canary;

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

    /** The standard normal CDF via the complementary error function (the Chebyshev-fitted erfc of Numerical Recipes, relative error below 1.2e-7). */
    static double normalCdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    private static double erfc(double x) {
        double t = 1 / (1 + 0.5 * Math.abs(x));
        double y = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? y : 2 - y;
    }
}
