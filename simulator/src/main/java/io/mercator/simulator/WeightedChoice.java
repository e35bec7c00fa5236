package io.mercator.simulator;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/** Draws an index with probability proportional to fixed weights (binary search over cumulative sums). */
final class WeightedChoice {

    private final double[] cumulative;

    WeightedChoice(double[] weights) {
        cumulative = new double[weights.length];
        double acc = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] < 0) {
                throw new IllegalArgumentException("negative weight at " + i);
            }
            acc += weights[i];
            cumulative[i] = acc;
        }
        if (acc <= 0) {
            throw new IllegalArgumentException("weights sum to zero");
        }
    }

    int draw(RandomGenerator rng) {
        double u = rng.nextDouble() * cumulative[cumulative.length - 1];
        int i = Arrays.binarySearch(cumulative, u);
        i = i >= 0 ? i + 1 : -i - 1;
        return Math.min(i, cumulative.length - 1);
    }
}
