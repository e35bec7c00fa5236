package io.mercator.simulator;

/**
 * The hidden truth buyers act on: how much a buyer wants a listing, and how much the slot it is
 * shown in helps it get noticed.
 *
 * <p>Relevance multiplies four factors in [0,1]: the buyer's taste for the category, the listing's
 * hidden quality, how well its price fits the buyer's price sensitivity, and a distance decay that
 * falls to zero beyond the buyer's maximum distance. A click happens with probability
 * {@code relevance * positionBias(position)}, so a ranker that learns relevance gains clicks.
 */
final class RelevanceModel {

    /** Lifts the product of the factors to a realistic click-through rate (a few percent overall). */
    static final double SCALE = 2.6;
    /** Buyers like a slightly-below-median price; the logistic price fit is centred a little above it. */
    private static final double PRICE_PIVOT = 0.25;
    /** Distance, as a share of the buyer's maximum, at which interest falls to 1/e. */
    private static final double DISTANCE_SCALE = 0.6;

    private RelevanceModel() {
    }

    /**
     * @param preference    the buyer's taste for the listing's category, in [0,1]
     * @param quality       the listing's hidden quality, in [0,1]
     * @param priceLogRatio natural log of the price over the condition-adjusted category median
     * @param sensitivity   the buyer's price sensitivity (1 relaxed .. 4 bargain hunter)
     * @param distanceKm    distance between the buyer's home and the item
     * @param maxDistanceKm the buyer's maximum distance
     */
    static double relevance(double preference, double quality, double priceLogRatio, double sensitivity,
                            double distanceKm, int maxDistanceKm) {
        if (!(distanceKm <= maxDistanceKm)) {
            return 0; // beyond reach, and NaN distances are treated as unreachable
        }
        double r = SCALE * preference * quality * priceFit(priceLogRatio, sensitivity)
                * Math.exp(-Math.max(0, distanceKm) / (DISTANCE_SCALE * maxDistanceKm));
        return Math.min(1.0, r);
    }

    static double priceFit(double priceLogRatio, double sensitivity) {
        return 1.0 / (1.0 + Math.exp(sensitivity * (priceLogRatio - PRICE_PIVOT)));
    }

    /** Examination probability of a slot: 1 at the top, about 0.29 at slot 10 (DCG-style discount). */
    static double positionBias(int position) {
        return 1.0 / (Math.log(position + 1) / Math.log(2));
    }
}
