package io.mercator.ranking.hydrator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How likely a listing is a scam, in [0,1], with the signals that raised it (for moderators).
 * Signals combine as independent evidence: {@code 1 - prod(1 - signal)}, so two moderate signals
 * together weigh more than either, and no sum can pass 1.
 *
 * @param score   combined risk
 * @param signals each contributing signal's own risk, in the order added, e.g.
 *                {@code price-far-below-category -> 0.42}
 */
public record FraudRisk(double score, Map<String, Double> signals) {

    public static final FraudRisk NONE = new FraudRisk(0, Map.of());

    public FraudRisk {
        signals = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(signals));
    }

    /** The signals that contributed, in the order added. */
    public List<String> reasons() {
        return List.copyOf(signals.keySet());
    }

    /** Adds one signal's risk. */
    public FraudRisk with(String reason, double risk) {
        if (risk <= 0) {
            return this;
        }
        double r = Math.min(1, risk);
        Map<String, Double> more = new LinkedHashMap<>(signals);
        more.put(reason, r);
        return new FraudRisk(1 - (1 - score) * (1 - r), more);
    }
}
