package io.mercator.learning;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Hand-made training sets for tests outside this package (the registry's), which cannot append
 * rows themselves: {@link TrainingSet#add} is for the projection only.
 */
public final class SyntheticRows {

    private final TrainingSet set;

    public SyntheticRows(List<String> featureNames) {
        this.set = new TrainingSet(featureNames);
    }

    /** Appends one row; a click and an order set the matching labels. */
    public SyntheticRows row(String requestId, String listingId, long ts, float[] features, boolean click,
                             boolean order) {
        set.add(requestId, "u-" + requestId, listingId, ts, "feed", features,
                (click ? TrainingSet.CLICK : 0) | (order ? TrainingSet.ORDER : 0));
        return this;
    }

    public TrainingSet build() {
        return set;
    }

    /**
     * Requests of ten listings each, one every {@code spacingMs} from {@code start}; feature
     * {@code relevance} is uniform in [0,1) and a row is clicked with that probability, feature
     * {@code noise} is unrelated. A model that learns {@code relevance} ranks well.
     */
    public static TrainingSet clicksFollowRelevance(int requests, long start, long spacingMs, long seed) {
        SyntheticRows rows = new SyntheticRows(List.of("relevance", "noise"));
        SplittableRandom rng = new SplittableRandom(seed);
        for (int r = 0; r < requests; r++) {
            for (int l = 0; l < 10; l++) {
                double relevance = rng.nextDouble();
                boolean click = rng.nextDouble() < relevance;
                rows.row("r" + r, "l" + rng.nextInt(200), start + r * spacingMs,
                        new float[]{(float) relevance, (float) rng.nextDouble()}, click, click && rng.nextDouble() < 0.3);
            }
        }
        return rows.build();
    }
}
