package io.mercator.autoboost.policy;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.GammaDistribution;

/**
 * Thompson sampling on each boosted listing's sponsored click-through and conversion, optimising
 * expected <em>orders per baht</em>: what a seller buys a boost for.
 *
 * <p>Clicks are modelled against the ranker: a sponsored impression of listing {@code l} shown to a
 * buyer for whom the ranker predicts click probability {@code q} is clicked with probability
 * {@code θ_l · q}. The multiplier {@code θ_l} (1 when the ranker is right about the listing) has a
 * Gamma posterior: shape {@code a0 + clicks}, rate {@code a0/m0 + expected clicks}, both counted
 * with a recency half-life so a listing whose appeal moves is followed. The prior mean {@code m0}
 * is the listing's momentum (views per hour now against its baseline, clamped to [0.5, 3] and
 * square-rooted), worth {@code a0} expected clicks. So the ranker's pCTR supplies the buyer-specific
 * part, momentum the prior on what the ranker misses, and the listing's own sponsored clicks the
 * evidence: a boost shown without clicks accumulates expected clicks and no clicks, and its
 * posterior, so its bid, falls.
 *
 * <p>Conversion given a click has a Beta posterior centred on the ranker's pCVR, worth
 * {@code cvrPriorClicks} clicks; orders are sparse, so this prior dominates until a listing has a
 * few dozen clicks. The bid is {@code θ q · cvr / price}, one sample of each posterior per request.
 */
public final class ThompsonSampling implements BoostPolicy {

    public static final String ID = "thompson";

    private final double priorClicks;
    private final double cvrPriorClicks;

    public ThompsonSampling(double priorClicks, double cvrPriorClicks) {
        if (!(priorClicks > 0) || !(cvrPriorClicks > 0)) {
            throw new IllegalArgumentException("prior strengths must be positive");
        }
        this.priorClicks = priorClicks;
        this.cvrPriorClicks = cvrPriorClicks;
    }

    /** The defaults: a prior worth 5 expected clicks for the click multiplier, 20 clicks for conversion. */
    public static ThompsonSampling defaults() {
        return new ThompsonSampling(5, 20);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public double score(Arm arm, UniformRandomProvider rng) {
        double shape = clickShape(arm);
        double theta = GammaDistribution.of(shape, 1 / clickRate(arm)).createSampler(rng).sample();
        double cvr = BetaDistribution.of(cvrAlpha(arm), cvrBeta(arm)).createSampler(rng).sample();
        return theta * arm.pctr() * cvr / arm.price();
    }

    @Override
    public double expectedScore(Arm arm) {
        double theta = clickShape(arm) / clickRate(arm);
        double cvr = cvrAlpha(arm) / (cvrAlpha(arm) + cvrBeta(arm));
        return theta * arm.pctr() * cvr / arm.price();
    }

    /** The posterior mean of the click multiplier θ. */
    public double clickMultiplier(Arm arm) {
        return clickShape(arm) / clickRate(arm);
    }

    static double priorMultiplier(double momentum) {
        return Math.sqrt(Math.min(3, Math.max(0.5, momentum)));
    }

    private double clickShape(Arm arm) {
        return priorClicks + arm.recentClicks();
    }

    private double clickRate(Arm arm) {
        return priorClicks / priorMultiplier(arm.momentum()) + arm.recentExpected();
    }

    private double cvrAlpha(Arm arm) {
        return cvrPriorClicks * clamp(arm.pcvr()) + arm.orders();
    }

    private double cvrBeta(Arm arm) {
        return cvrPriorClicks * (1 - clamp(arm.pcvr())) + Math.max(0, arm.clicks() - arm.orders());
    }

    private static double clamp(double p) {
        return Math.min(0.99, Math.max(0.01, p));
    }
}
