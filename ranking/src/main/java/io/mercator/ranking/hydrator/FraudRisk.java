package io.mercator.ranking.hydrator;

import java.util.List;

/**
 * How likely a listing is a scam, in [0,1], with the signals that raised it (for moderators).
 * Signals combine as independent evidence: {@code 1 - prod(1 - signal)}, so two moderate signals
 * together weigh more than either, and no sum can pass 1.
 *
 * @param score   combined risk
 * @param reasons the signals that contributed, e.g. {@code price-far-below-category}
 */
public record FraudRisk(double score, List<String> reasons) {

    public static final FraudRisk NONE = new FraudRisk(0, List.of());

    public FraudRisk {
        reasons = List.copyOf(reasons);
    }

    /** Adds one signal's risk. */
    public FraudRisk with(String reason, double risk) {
        if (risk <= 0) {
            return this;
        }
        List<String> r = new java.util.ArrayList<>(reasons);
        r.add(reason);
        return new FraudRisk(1 - (1 - score) * (1 - Math.min(1, risk)), r);
    }
}
