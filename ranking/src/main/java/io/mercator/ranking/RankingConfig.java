package io.mercator.ranking;

import io.mercator.ranking.pipeline.ComponentId;
import io.mercator.ranking.scorer.ScoringWeights;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Ranking settings, read once and validated at start (a bad value is a misconfiguration and fails
 * loudly). Component budgets are keyed by component id, the same string as the metric tag.
 *
 * @param maxCandidates      candidates kept after merging recall, at most
 * @param recallPerSource    hits asked of each recall source
 * @param pipelineBudget     whole-request budget; past it the trending list is served
 * @param budgets            per-component budget overrides by component id
 * @param weights            scoring weights
 * @param maxSellerRun       most items of one seller in a row
 * @param sponsoredSlots     1-based slots for sponsored listings
 * @param fraudDropAt        fraud risk at or above which a listing is not served
 * @param fraudFlagAt        fraud risk at or above which a served listing is flagged for moderation
 * @param flagEvery          a listing is flagged at most once per this period
 * @param explainTop         items explained when {@code explain=true}
 * @param scoringConcurrency LightGBM batch predictions in flight at once, running or queued for the worker
 *                           threads; beyond it scoring sheds load (popularity order, degraded "scorer")
 */
public record RankingConfig(int maxCandidates, int recallPerSource, Duration pipelineBudget,
                            Map<String, Duration> budgets, ScoringWeights weights, int maxSellerRun,
                            List<Integer> sponsoredSlots, double fraudDropAt, double fraudFlagAt, Duration flagEvery,
                            int explainTop, int scoringConcurrency) {

    public static final RankingConfig DEFAULTS = new RankingConfig(1_000, 500, Duration.ofMillis(150), Map.of(),
            ScoringWeights.DEFAULTS, 3, List.of(4, 12), 0.8, 0.5, Duration.ofHours(1), 10, 64);

    public RankingConfig {
        budgets = Map.copyOf(budgets);
        sponsoredSlots = List.copyOf(sponsoredSlots);
        require(maxCandidates >= 1 && maxCandidates <= 10_000, "maxCandidates within 1..10000");
        require(recallPerSource >= 1 && recallPerSource <= maxCandidates, "recallPerSource within 1..maxCandidates");
        require(positive(pipelineBudget), "pipelineBudget positive");
        budgets.forEach((id, d) -> {
            ComponentId.of(id);
            require(positive(d), "budget of " + id + " positive");
        });
        require(weights != null, "weights required");
        require(maxSellerRun >= 1, "maxSellerRun at least 1");
        for (int i = 0; i < sponsoredSlots.size(); i++) {
            require(sponsoredSlots.get(i) >= 1 && (i == 0 || sponsoredSlots.get(i) > sponsoredSlots.get(i - 1)),
                    "sponsoredSlots 1-based and increasing");
        }
        require(fraudFlagAt > 0 && fraudFlagAt <= fraudDropAt && fraudDropAt <= 1, "0 < fraudFlagAt <= fraudDropAt <= 1");
        require(positive(flagEvery), "flagEvery positive");
        require(explainTop >= 0 && explainTop <= RankingQuery.MAX_LIMIT, "explainTop within 0..100");
        require(scoringConcurrency >= 1, "scoringConcurrency at least 1");
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    private static void require(boolean ok, String rule) {
        if (!ok) {
            throw RankingFailure.misconfigured("ranking config: " + rule);
        }
    }

    /** The configured budget of a component, else its own default. */
    public Duration budget(ComponentId id, Duration fallback) {
        return budgets.getOrDefault(id.value(), fallback);
    }

    public RankingConfig withBudget(String componentId, Duration budget) {
        Map<String, Duration> copy = new java.util.HashMap<>(budgets);
        copy.put(componentId, budget);
        return new RankingConfig(maxCandidates, recallPerSource, pipelineBudget, copy, weights, maxSellerRun,
                sponsoredSlots, fraudDropAt, fraudFlagAt, flagEvery, explainTop, scoringConcurrency);
    }

    public RankingConfig withPipelineBudget(Duration budget) {
        return new RankingConfig(maxCandidates, recallPerSource, budget, budgets, weights, maxSellerRun,
                sponsoredSlots, fraudDropAt, fraudFlagAt, flagEvery, explainTop, scoringConcurrency);
    }

    public RankingConfig withMaxCandidates(int max, int perSource) {
        return new RankingConfig(max, perSource, pipelineBudget, budgets, weights, maxSellerRun,
                sponsoredSlots, fraudDropAt, fraudFlagAt, flagEvery, explainTop, scoringConcurrency);
    }
}
