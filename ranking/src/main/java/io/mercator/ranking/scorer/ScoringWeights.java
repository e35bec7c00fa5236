package io.mercator.ranking.scorer;

import io.mercator.ranking.RankingFailure;

/**
 * The weights of {@code final = pctr*pCTR + pcvr*pCVR + sellerTrust*seller_trust + boost}, from
 * configuration. The defaults value an order about ten times a click (pCVR is given a click, so
 * pCTR*pCVR is the order rate and pCVR alone already carries the click); seller trust and the paid
 * boost only break near-ties, so they cannot carry an irrelevant listing to the top.
 *
 * @param pctr        weight of the predicted click-through rate
 * @param pcvr        weight of the predicted conversion rate given a click
 * @param sellerTrust weight of the seller's trust score in [0,1]
 * @param boost       added for a listing boosted now (paid campaign or admin force-boost)
 */
public record ScoringWeights(double pctr, double pcvr, double sellerTrust, double boost) {

    public static final ScoringWeights DEFAULTS = new ScoringWeights(1.0, 0.5, 0.02, 0.01);

    public ScoringWeights {
        for (double w : new double[]{pctr, pcvr, sellerTrust, boost}) {
            if (!Double.isFinite(w) || w < 0) {
                throw RankingFailure.misconfigured("scoring weights must be finite and non-negative: pctr=" + pctr
                        + " pcvr=" + pcvr + " sellerTrust=" + sellerTrust + " boost=" + boost);
            }
        }
        if (pctr + pcvr == 0) {
            throw RankingFailure.misconfigured("at least one model weight must be positive, or nothing learnt counts");
        }
    }

    /** The final score of one listing. */
    public double combine(double pctrValue, double pcvrValue, double sellerTrustScore, boolean boosted) {
        return pctr * pctrValue + pcvr * pcvrValue + sellerTrust * sellerTrustScore + (boosted ? boost : 0);
    }
}
