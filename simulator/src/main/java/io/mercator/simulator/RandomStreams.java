package io.mercator.simulator;

import java.util.SplittableRandom;

/**
 * Independent, reproducible random streams derived from the configuration seed.
 *
 * <p>Each part of the simulation draws from its own stream so that, for example, a change in how
 * buyers behave does not reshuffle the listings of the world.
 */
final class RandomStreams {

    static final long SELLERS = 1, LISTINGS = 2, USERS = 3, BEHAVIOUR = 4, TEXT = 5, IDS = 6, FRAUD = 7;

    private RandomStreams() {
    }

    static SplittableRandom of(long seed, long stream) {
        return new SplittableRandom(mix(seed * 0x9E37_79B9_7F4A_7C15L + stream));
    }

    /** A stream for one entity (for example the text of one listing), independent of generation order. */
    static SplittableRandom of(long seed, long stream, long entity) {
        return new SplittableRandom(mix(mix(seed * 0x9E37_79B9_7F4A_7C15L + stream) ^ entity));
    }

    /** SplitMix64's finaliser: spreads nearby seeds far apart. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
