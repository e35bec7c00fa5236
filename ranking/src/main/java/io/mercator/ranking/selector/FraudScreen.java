package io.mercator.ranking.selector;

import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.hydrator.FraudRisk;
import io.mercator.ranking.pipeline.ComponentSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Drops listings whose fraud risk reaches the drop threshold. Those between the flag and the drop
 * thresholds stay (a false positive would hide an honest bargain) and are marked for review: a
 * side effect reports them to moderation once the response is served.
 */
public final class FraudScreen implements Selector {

    public static final ComponentSpec SPEC = ComponentSpec.pureCode("fraud-screen");
    public static final double DEFAULT_DROP_AT = 0.8;
    public static final double DEFAULT_FLAG_AT = 0.5;

    private final double dropAt;
    private final double flagAt;

    /**
     * @param dropAt risk at or above which a listing is not served
     * @param flagAt risk at or above which a served listing is marked for review; at most {@code dropAt}
     */
    public FraudScreen(double dropAt, double flagAt) {
        if (!(flagAt > 0 && flagAt <= dropAt && dropAt <= 1)) {
            throw new IllegalArgumentException("fraud screen needs 0 < flagAt <= dropAt <= 1, not flagAt="
                    + flagAt + " dropAt=" + dropAt);
        }
        this.dropAt = dropAt;
        this.flagAt = flagAt;
    }

    @Override
    public List<Candidate> select(RankingQuery query, List<Candidate> candidates) {
        List<Candidate> kept = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            FraudRisk r = c.fraudRisk();
            if (r == null || r.score() < flagAt) {
                kept.add(c);
            } else if (r.score() < dropAt) {
                kept.add(c.markedForReview());
            }
        }
        return kept;
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }
}
