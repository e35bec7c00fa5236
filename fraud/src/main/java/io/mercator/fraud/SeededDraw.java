package io.mercator.fraud;

/**
 * A uniform number in [0, 1) drawn from a key and a seed by a fixed hash (SplitMix64's first two
 * steps), so that a sample (the held-out sellers, the removals sent to audit) is the same on every
 * run and every instance, whatever the order the keys come in.
 */
public final class SeededDraw {

    private SeededDraw() {
    }

    public static double of(String key, long seed) {
        long z = key.hashCode() * 0x9E3779B97F4A7C15L + seed;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z ^= z >>> 27;
        return (z >>> 11) * 0x1.0p-53;
    }
}
