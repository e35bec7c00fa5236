package io.mercator.learning;

/** Turns a listing's pCTR and pCVR into the score it is ranked by. */
@FunctionalInterface
public interface ScoreFormula {

    /**
     * The default: {@code pCTR * (1 + pCVR)}, the chance of a click with an order counted as a
     * second click, so the click model leads and likely sales break near-ties.
     */
    ScoreFormula CLICK_THEN_ORDER = (pctr, pcvr) -> pctr * (1 + pcvr);

    double score(double pctr, double pcvr);
}
