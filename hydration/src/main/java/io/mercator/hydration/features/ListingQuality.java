package io.mercator.hydration.features;

import java.util.Locale;

/**
 * The product quality score in [0,1]: 60% content (photos, description, condition), 40% smoothed
 * click-to-order conversion. The conversion is smoothed toward a 5% prior so a listing with two
 * clicks and one order is not taken for a best seller.
 */
public final class ListingQuality {

    static final double PRIOR_CONVERSION = 0.05;
    static final double PRIOR_CLICKS = 20;
    static final double FULL_CONVERSION = 0.10;

    private ListingQuality() {
    }

    /** The condition grade as a number, 1 for new; unknown grades sit in the middle. */
    public static double conditionGrade(String condition) {
        if (condition == null) {
            return 0.5;
        }
        return switch (condition.toLowerCase(Locale.ROOT)) {
            case "new" -> 1.0;
            case "like_new" -> 0.85;
            case "good" -> 0.7;
            case "fair" -> 0.45;
            case "worn" -> 0.25;
            default -> 0.5;
        };
    }

    public static double score(int photos, int descriptionLength, double conditionGrade, long clicks, long orders) {
        double content = 0.4 * Math.min(photos, 5) / 5.0
                + 0.3 * Math.min(descriptionLength, 300) / 300.0
                + 0.3 * conditionGrade;
        double conversion = (orders + PRIOR_CONVERSION * PRIOR_CLICKS) / (clicks + PRIOR_CLICKS);
        double conversionScore = Math.min(1, conversion / FULL_CONVERSION);
        return Math.round((0.6 * content + 0.4 * conversionScore) * 10_000) / 10_000.0;
    }
}
