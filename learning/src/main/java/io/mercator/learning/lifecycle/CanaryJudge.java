package io.mercator.learning.lifecycle;

/**
 * Decides whether the canary must be rolled back: when its CTR is significantly lower than
 * production's by a one-sided two-proportion z-test ({@link TwoProportionZTest}) at level
 * {@code significance}, once both have at least {@code minImpressions} impressions since the
 * canary started. Clicks and impressions are counted per served model version.
 *
 * <p>Caveats, stated so nobody over-reads the result: impressions of one request are not
 * independent (one buyer, one page), so the effective sample is smaller than the count and the
 * test is somewhat optimistic; and the monitor looks again at every check, which inflates the
 * false-alarm rate over a long canary. A small significance (0.01 by default) and a large minimum
 * sample keep both in check; a false alarm costs one canary, a missed one costs clicks.
 *
 * @param minImpressions impressions each side needs before testing
 * @param significance   the level alpha: roll back when the p-value is below it
 */
public record CanaryJudge(long minImpressions, double significance) {

    public CanaryJudge {
        if (minImpressions < 1 || !(significance > 0 && significance < 0.5)) {
            throw new IllegalArgumentException("minImpressions must be positive and significance in (0, 0.5)");
        }
    }

    /** The judge's answer. */
    public sealed interface Verdict {
        /** Not enough impressions on one side yet. */
        record TooFewImpressions(long canary, long production, long needed) implements Verdict {
        }

        /** No significant shortfall: keep the canary running. */
        record Keep(double z, double pValue) implements Verdict {
        }

        /** The canary's CTR is significantly lower: roll it back. */
        record RollBack(double z, double pValue) implements Verdict {
        }
    }

    public Verdict judge(ModelTraffic.Counts canary, ModelTraffic.Counts production) {
        if (canary.impressions() < minImpressions || production.impressions() < minImpressions) {
            return new Verdict.TooFewImpressions(canary.impressions(), production.impressions(), minImpressions);
        }
        TwoProportionZTest.Result r = TwoProportionZTest.lowerThan(canary.clicks(), canary.impressions(),
                production.clicks(), production.impressions());
        return r.pValue() < significance ? new Verdict.RollBack(r.z(), r.pValue()) : new Verdict.Keep(r.z(), r.pValue());
    }
}
