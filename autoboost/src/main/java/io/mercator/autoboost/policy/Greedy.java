package io.mercator.autoboost.policy;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * Bids the expected orders per baht from the predictions it is given, {@code pctr · pcvr / price},
 * and learns nothing: with the ranker's predictions, a baseline that trusts the ranker; with the
 * true probabilities (in the benchmark), the oracle.
 */
public final class Greedy implements BoostPolicy {

    public static final String ID = "greedy";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public double score(Arm arm, UniformRandomProvider rng) {
        return expectedScore(arm);
    }

    @Override
    public double expectedScore(Arm arm) {
        return arm.pctr() * arm.pcvr() / arm.price();
    }
}
