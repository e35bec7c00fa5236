package io.mercator.autoboost.policy;

import org.apache.commons.rng.UniformRandomProvider;

/** A baseline: any campaign allowed to spend, at random. */
public final class UniformRandom implements BoostPolicy {

    public static final String ID = "random";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public double score(Arm arm, UniformRandomProvider rng) {
        return rng.nextDouble();
    }

    @Override
    public double expectedScore(Arm arm) {
        return 0.5;
    }
}
