package io.mercator.ranking.hydrator;

import io.mercator.ranking.candidate.Candidate;

import java.util.List;
import java.util.Map;

/**
 * Candidates with their features, and the feature matrix built from them in the same order.
 *
 * @param candidates            in recall order, each with its {@link ServedRow} when rows exist
 * @param categoryAveragePrices running average price by category slug (for the fraud check)
 * @param featureNames          row layout; empty when hydration fell back
 * @param rows                  row-major feature matrix; null when hydration fell back
 */
public record Hydrated(List<Candidate> candidates, Map<String, Double> categoryAveragePrices,
                       List<String> featureNames, double[] rows) {

    /** Candidates without features: what scoring gets when hydration fell back. */
    public static Hydrated without(List<Candidate> candidates) {
        return new Hydrated(candidates, Map.of(), List.of(), null);
    }

    public boolean hasRows() {
        return rows != null;
    }
}
