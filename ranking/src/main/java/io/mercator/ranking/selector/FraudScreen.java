package io.mercator.ranking.selector;

import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.hydrator.FraudRisk;
import io.mercator.ranking.pipeline.ComponentId;

import java.util.ArrayList;
import java.util.List;

/**
 * Drops listings whose fraud risk reaches the drop threshold. Those between the flag and the drop
 * thresholds stay (a false positive would hide an honest bargain) and are reported to moderation
 * by a side effect once the response is served.
 */
public final class FraudScreen implements Selector {

    public static final ComponentId ID = ComponentId.of("fraud-screen");

    private final double dropAt;
    private final double flagAt;

    public FraudScreen(double dropAt, double flagAt) {
        this.dropAt = dropAt;
        this.flagAt = flagAt;
    }

    @Override
    public List<Candidate> select(RankingQuery query, List<Candidate> candidates) {
        List<Candidate> kept = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            if (c.fraudRisk() == null || c.fraudRisk().score() < dropAt) {
                kept.add(c);
            }
        }
        return kept;
    }

    /** Whether a kept candidate should go to the moderation queue. */
    public boolean isBorderline(Candidate c) {
        FraudRisk r = c.fraudRisk();
        return r != null && r.score() >= flagAt && r.score() < dropAt;
    }

    @Override
    public ComponentId id() {
        return ID;
    }
}
