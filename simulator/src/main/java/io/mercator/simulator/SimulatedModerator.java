package io.mercator.simulator;

import java.util.SplittableRandom;

/**
 * A moderator who answers the queue from the world's ground truth, wrong now and then: with
 * probability {@code errorRate} the answer is the opposite of the truth. Each listing's answer is
 * drawn once from a stream of its own, so asking twice gives the same answer (as a decision on
 * the log would) and the answers do not depend on the order of the questions.
 */
public final class SimulatedModerator {

    private final SimulatedWorld world;
    private final double errorRate;
    private final long seed;

    /**
     * @param errorRate probability of a wrong answer, in [0, 0.5)
     * @param seed      seed of the mistakes
     */
    public SimulatedModerator(SimulatedWorld world, double errorRate, long seed) {
        if (!(errorRate >= 0 && errorRate < 0.5)) {
            throw new IllegalArgumentException("errorRate must be in [0, 0.5), was " + errorRate);
        }
        this.world = world;
        this.errorRate = errorRate;
        this.seed = seed;
    }

    /** Whether the moderator removes the listing as fraud (true) or approves it (false). */
    public boolean removes(String listingId) {
        boolean truth = world.isFraudulent(listingId);
        SplittableRandom rng = RandomStreams.of(seed, RandomStreams.FRAUD, listingId.hashCode());
        return rng.nextDouble() < errorRate ? !truth : truth;
    }

    public double errorRate() {
        return errorRate;
    }
}
