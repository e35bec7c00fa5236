package io.mercator.learning.registry;

import io.mercator.learning.ClickModels;
import io.mercator.learning.EvaluateReport;
import io.mercator.learning.RankingEvaluation;
import io.mercator.learning.ScoreFormula;
import io.mercator.learning.TrainingSet;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The evaluation gate between training and serving. A candidate is compared with the production
 * model on the held-out span (by default the last 24 hours of the training set, which the
 * candidate was not trained on) by NDCG@20 ({@link RankingEvaluation}), with a popularity order and
 * a random order as reference points.
 *
 * <ul>
 *   <li>No production model: the candidate becomes production ({@link GateDecision.FirstModel}).</li>
 *   <li>Fewer held-out requests than {@code minRequests}: rejected, too little to judge.</li>
 *   <li>{@code candidate - production >= minNdcgGain}: staging, the canary
 *       ({@link GateDecision.Staged}).</li>
 *   <li>Otherwise rejected.</li>
 * </ul>
 * The production model may have been trained on part of the held-out span (it was trained later
 * than the span started, say): then its figure is optimistic and the gate stricter than it looks,
 * which errs on the side of the model already serving.
 */
public final class ModelGate {

    /**
     * @param minNdcgGain how much the candidate's NDCG@k must exceed production's (absolute; may be 0)
     * @param minRequests held-out requests with a positive row needed to judge
     * @param k           the NDCG cut-off
     * @param formula     how pCTR and pCVR are combined into the ranking score
     */
    public record Policy(double minNdcgGain, int minRequests, int k, ScoreFormula formula) {

        public static Policy defaults() {
            return new Policy(0.005, 50, RankingEvaluation.DEFAULT_K, ScoreFormula.CLICK_THEN_ORDER);
        }
    }

    private final Policy policy;

    public ModelGate(Policy policy) {
        this.policy = policy;
    }

    /** NDCG@k of the candidate, production, popularity and random on {@code [from, until)}. */
    public GateEvaluation evaluate(TrainingSet set, long from, long until, ClickModels candidate,
                                   Optional<? extends ClickModels> production) {
        RankingEvaluation evaluation = new RankingEvaluation(set, from, until, policy.k());
        double cand = evaluation.meanNdcg(EvaluateReport.modelScorer(candidate, policy.formula()));
        double prod = production.map(p -> evaluation.meanNdcg(EvaluateReport.modelScorer(p, policy.formula())))
                .orElse(Double.NaN);
        Map<String, Double> engagement = engagementBefore(set, from);
        double popular = evaluation.meanNdcg((s, rows) -> {
            double[] out = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                out[i] = engagement.getOrDefault(s.listingId(rows[i]), 0.0);
            }
            return out;
        });
        double random = evaluation.meanNdcg((s, rows) -> {
            SplittableRandom rng = new SplittableRandom(0x5EEDL + s.requestIndex(rows[0]));
            double[] out = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                out[i] = rng.nextDouble();
            }
            return out;
        });
        return new GateEvaluation(from, until, policy.k(), evaluation.requestCount(), cand, prod,
                production.map(ClickModels::version).orElse(null), popular, random);
    }

    /** The decision on figures from {@link #evaluate}. */
    public GateDecision decide(GateEvaluation e) {
        if (e.productionVersion() == null) {
            return new GateDecision.FirstModel(e);
        }
        if (e.requests() < policy.minRequests()) {
            return new GateDecision.Rejected(e, "only " + e.requests() + " held-out requests with a positive row; "
                    + policy.minRequests() + " needed to judge");
        }
        double gain = e.candidate() - e.production();
        if (Double.isNaN(gain) || gain < policy.minNdcgGain()) {
            return new GateDecision.Rejected(e, String.format(java.util.Locale.ROOT,
                    "NDCG@%d %.4f vs production %.4f: gain %.4f is below the margin %.4f",
                    e.k(), e.candidate(), e.production(), gain, policy.minNdcgGain()));
        }
        return new GateDecision.Staged(e, policy.minNdcgGain());
    }

    /**
     * Grade-weighted engagement per listing before the span (click 1, cart 2, order 3): the order a
     * popularity fallback would give, from the same rows, so it needs no other projection.
     */
    private static Map<String, Double> engagementBefore(TrainingSet set, long from) {
        Map<String, Double> out = new HashMap<>();
        for (int i = 0; i < set.size(); i++) {
            if (set.ts(i) < from && set.grade(i) > 0) {
                out.merge(set.listingId(i), (double) set.grade(i), Double::sum);
            }
        }
        return out;
    }
}
