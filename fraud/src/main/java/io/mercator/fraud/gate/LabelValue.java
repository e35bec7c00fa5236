package io.mercator.fraud.gate;

/**
 * How much a moderator's label on a listing is worth to the fraud model: its uncertainty about
 * the listing ({@code p(1-p)}, largest at 0.5), weighted by how many buyers the listing reaches
 * ({@code 1 + ln(1 + impressions)}: a wrong call on a listing nobody sees costs little). The
 * moderation queue and the evaluation's labelling order by it, highest first.
 */
public final class LabelValue {

    private LabelValue() {
    }

    /**
     * @param probability the model's calibrated probability of removal, in [0,1]
     * @param impressions how often the listing was shown
     */
    public static double of(double probability, long impressions) {
        double p = Math.min(1, Math.max(0, probability));
        return p * (1 - p) * reach(impressions);
    }

    /** The weight of the buyers a listing reaches: {@code 1 + ln(1 + impressions)}. */
    public static double reach(long impressions) {
        return 1 + Math.log1p(Math.max(0, impressions));
    }
}
