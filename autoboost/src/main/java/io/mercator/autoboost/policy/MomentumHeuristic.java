package io.mercator.autoboost.policy;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * The rule-based autopilot the bandit is measured against: bid the listing's momentum (views per
 * hour now against its baseline), halved for a boost that has had {@link #NO_CLICK_IMPRESSIONS}
 * recent sponsored impressions without a click. It knows neither the buyer nor the price.
 */
public final class MomentumHeuristic implements BoostPolicy {

    public static final String ID = "momentum";
    /** Recent sponsored impressions without a click after which the bid is halved. */
    public static final double NO_CLICK_IMPRESSIONS = 100;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public double score(Arm arm, UniformRandomProvider rng) {
        // a tiny random part breaks ties between equally steady listings
        return expectedScore(arm) * (1 + 1e-6 * rng.nextDouble());
    }

    @Override
    public double expectedScore(Arm arm) {
        boolean ignored = arm.recentClicks() == 0 && arm.recentImpressions() >= NO_CLICK_IMPRESSIONS;
        return arm.momentum() * (ignored ? 0.5 : 1);
    }
}
