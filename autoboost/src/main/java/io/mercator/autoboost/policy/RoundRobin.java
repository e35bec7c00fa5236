package io.mercator.autoboost.policy;

import org.apache.commons.rng.UniformRandomProvider;

/** A baseline: the campaign that has waited longest since it last filled a slot. */
public final class RoundRobin implements BoostPolicy {

    public static final String ID = "round-robin";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public double score(Arm arm, UniformRandomProvider rng) {
        return expectedScore(arm) + 1e-3 * rng.nextDouble();
    }

    @Override
    public double expectedScore(Arm arm) {
        return -(double) arm.lastServedAt();
    }
}
