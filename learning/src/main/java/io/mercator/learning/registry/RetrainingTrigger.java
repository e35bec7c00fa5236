package io.mercator.learning.registry;

import java.util.Map;

/**
 * Decides when to retrain: when at least {@code minNewInteractions} interactions (impressions,
 * clicks, carts, orders) arrived since the data the production model was trained on ended, or
 * when any feature's PSI between serving and training ({@link FeatureBins}) exceeds
 * {@code maxPsi}. PSI is only trusted over at least {@code minPsiRows} serving rows: a handful of
 * requests can look like drift by chance.
 *
 * @param minNewInteractions interactions since the last training that start a new one (100,000)
 * @param maxPsi             PSI above which a feature counts as drifted (0.2)
 * @param minPsiRows         serving rows needed before PSI is judged
 */
public record RetrainingTrigger(long minNewInteractions, double maxPsi, int minPsiRows) {

    public static RetrainingTrigger defaults() {
        return new RetrainingTrigger(100_000, 0.2, 1_000);
    }

    /** Why (or whether) to retrain now. */
    public sealed interface Decision {
        /** Nothing calls for a retraining. */
        record Wait(long newInteractions, double maxPsi) implements Decision {
        }

        /** Enough new interactions arrived. */
        record NewInteractions(long count, long threshold) implements Decision {
        }

        /** A feature's serving distribution moved away from training. */
        record Drift(String feature, double psi, double threshold) implements Decision {
        }
    }

    /**
     * @param newInteractions interactions since the production model's training data ended
     * @param psi             PSI per feature over the recent serving rows
     * @param servingRows     how many serving rows the PSI figures are over
     */
    public Decision decide(long newInteractions, Map<String, Double> psi, int servingRows) {
        if (newInteractions >= minNewInteractions) {
            return new Decision.NewInteractions(newInteractions, minNewInteractions);
        }
        String worst = null;
        double worstPsi = 0;
        for (Map.Entry<String, Double> e : psi.entrySet()) {
            if (e.getValue() > worstPsi) {
                worst = e.getKey();
                worstPsi = e.getValue();
            }
        }
        if (servingRows >= minPsiRows && worst != null && worstPsi > maxPsi) {
            return new Decision.Drift(worst, worstPsi, maxPsi);
        }
        return new Decision.Wait(newInteractions, worstPsi);
    }
}
