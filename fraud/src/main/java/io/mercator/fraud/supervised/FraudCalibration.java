package io.mercator.fraud.supervised;

import io.mercator.learning.calibration.IsotonicCalibrator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * From a model's score to the probability that a listing is fraud, by isotonic regression on
 * moderators' decisions, kept as the step function PAV fits: every score in a block gets the
 * block's rate of removals (a score between two blocks gets the lower one). Unlike the
 * interpolating calibrator pCTR uses, it does not keep the model's order inside a block, which the
 * fraud gate does not need; what it needs is that a listing scored like a block of labelled
 * listings gets that block's precision, not a value pulled down towards the next block.
 *
 * <p>Moderators are wrong now and then, at a rate {@code labelNoise} that quality audits measure
 * (two moderators deciding the same items). With symmetric mistakes
 * {@code P(removed) = e + (1 - 2e) P(fraud)}, so {@code P(fraud) = (P(removed) - e) / (1 - 2e)},
 * clamped to [0, 1]. Without the correction a gate at 0.95 could hardly open once moderators err
 * 5% of the time: at best 95% of what the model is sure of would be removed by them.
 *
 * @param lowerBounds the smallest score of each block, increasing
 * @param removalRates each block's share of removals, non-decreasing
 * @param decisions   how many decisions each block pooled
 * @param labelNoise  the moderators' error rate, in [0, 0.5)
 */
public record FraudCalibration(double[] lowerBounds, double[] removalRates, double[] decisions, double labelNoise) {


    public FraudCalibration {
        if (!(labelNoise >= 0 && labelNoise < 0.5)) {
            throw new IllegalArgumentException("labelNoise must be in [0, 0.5), was " + labelNoise);
        }
        if (lowerBounds.length == 0 || lowerBounds.length != removalRates.length || decisions.length != lowerBounds.length) {
            throw new IllegalArgumentException("need one removal rate and count per block, and at least one block");
        }
        lowerBounds = lowerBounds.clone();
        removalRates = removalRates.clone();
        decisions = decisions.clone();
    }

    /**
     * Decisions a block needs: PAV on noisy decisions splits the top of the scale into small blocks
     * whose rates wander with a few mistakes; adjacent blocks are pooled, from the top down, until
     * each holds this many.
     */
    public static final int MIN_BLOCK = 40;

    /** Fits on (score, removed) pairs. */
    public static FraudCalibration fit(double[] scores, boolean[] removed, double labelNoise) {
        if (scores.length == 0 || scores.length != removed.length) {
            throw new IllegalArgumentException("need as many decisions as scores, and some");
        }
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        // equal scores are one point: PAV must not split them into different blocks
        List<Double> xs = new ArrayList<>();
        List<double[]> sums = new ArrayList<>();
        for (int i : order) {
            if (xs.isEmpty() || scores[i] != xs.getLast()) {
                xs.add(scores[i]);
                sums.add(new double[2]);
            }
            double[] s = sums.getLast();
            s[0] += removed[i] ? 1 : 0;
            s[1]++;
        }
        double[] targets = new double[xs.size()];
        double[] weights = new double[xs.size()];
        for (int j = 0; j < targets.length; j++) {
            targets[j] = sums.get(j)[0] / sums.get(j)[1];
            weights[j] = sums.get(j)[1];
        }
        double[] fitted = IsotonicCalibrator.pav(targets, weights);
        List<Double> bounds = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        List<Double> counts = new ArrayList<>();
        for (int j = 0; j < fitted.length; j++) {
            if (j == 0 || fitted[j] != fitted[j - 1]) {
                bounds.add(xs.get(j));
                rates.add(fitted[j]);
                counts.add(0.0);
            }
            counts.set(counts.size() - 1, counts.getLast() + weights[j]);
        }
        // pool small blocks into the one below, from the top (the lowest block takes what is left)
        List<double[]> pooled = new ArrayList<>(); // {lower bound, removals, decisions}, top first
        double[] open = null;
        for (int b = bounds.size() - 1; b >= 0; b--) {
            double removals = rates.get(b) * counts.get(b);
            open = open == null ? new double[]{bounds.get(b), removals, counts.get(b)}
                    : new double[]{bounds.get(b), open[1] + removals, open[2] + counts.get(b)};
            if (open[2] >= MIN_BLOCK) {
                pooled.add(open);
                open = null;
            }
        }
        if (open != null) {
            if (pooled.isEmpty()) {
                pooled.add(open);
            } else {
                double[] last = pooled.getLast();
                pooled.set(pooled.size() - 1, new double[]{open[0], last[1] + open[1], last[2] + open[2]});
            }
        }
        java.util.Collections.reverse(pooled);
        return new FraudCalibration(pooled.stream().mapToDouble(b -> b[0]).toArray(),
                pooled.stream().mapToDouble(b -> b[1] / b[2]).toArray(),
                pooled.stream().mapToDouble(b -> b[2]).toArray(), labelNoise);
    }

    /** Probability of fraud for a model score. */
    public double apply(double score) {
        return corrected(removalRates[block(score)]);
    }

    private int block(double score) {
        int k = Arrays.binarySearch(lowerBounds, score);
        return k >= 0 ? k : Math.max(0, -k - 2);
    }

    /** A removal rate among moderators' decisions as a rate of fraud: {@code (rate - e) / (1 - 2e)}, clamped. */
    public double corrected(double removedRate) {
        return Math.min(1, Math.max(0, (removedRate - labelNoise) / (1 - 2 * labelNoise)));
    }

    /** Blocks of the step function. */
    public int blocks() {
        return lowerBounds.length;
    }
}
