package io.mercator.fraud.rule;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Today's hand-written fraud rule: four signals, each a risk in [0,1], combined as independent
 * evidence ({@code 1 - prod(1 - risk)}). Buyer reports against the seller (a ban is certain), an
 * asking price far below the category's usual price, a new seller posting many listings at once,
 * and a photo that image analysis found in another seller's listing.
 *
 * <p>The ranking pipeline serves with it ({@code FraudRiskHydrator}); {@code ./mercator
 * evaluate-fraud} measures the learned models against it on the same inputs.
 */
public final class FraudRule {

    /** Price below this share of the category's usual price starts to count. */
    public static final double CHEAP_RATIO = 0.3;
    static final double MAX_PRICE_RISK = 0.7;
    static final double MAX_REPORT_RISK = 0.6;
    static final double REPORT_SCALE = 3;
    public static final long NEW_SELLER_MS = 14 * 86_400_000L;
    public static final int MANY_LISTINGS = 20;
    static final double NEW_SELLER_RISK = 0.5;
    static final double PHOTO_REUSE_RISK = 0.6;

    /**
     * What the rule reads about one listing.
     *
     * @param banned       the seller is banned
     * @param reports      buyer reports against the seller so far
     * @param newSeller    the seller registered less than {@link #NEW_SELLER_MS} ago
     * @param liveListings the seller's live listings
     * @param photoReused  a photo of the listing was found in another seller's listing
     * @param price        asking price
     * @param usualPrice   the category's usual price; 0 when unknown
     */
    public record Inputs(boolean banned, int reports, boolean newSeller, int liveListings, boolean photoReused,
                         double price, double usualPrice) {
    }

    /**
     * The rule's outcome.
     *
     * @param score   combined risk in [0,1]
     * @param signals each contributing signal's risk, in the order added
     */
    public record Assessment(double score, Map<String, Double> signals) {
        public Assessment {
            signals = Collections.unmodifiableMap(new LinkedHashMap<>(signals));
        }
    }

    private FraudRule() {
    }

    public static Assessment assess(Inputs in) {
        Map<String, Double> signals = new LinkedHashMap<>();
        if (in.banned()) {
            signals.put("seller-banned", 1.0);
            return new Assessment(1, signals);
        }
        // the first reports say the most; many reports alone stay below the drop threshold
        put(signals, "seller-reports", MAX_REPORT_RISK * (1 - Math.exp(-in.reports() / REPORT_SCALE)));
        if (in.newSeller() && in.liveListings() >= MANY_LISTINGS) {
            put(signals, "new-seller-many-listings", NEW_SELLER_RISK);
        }
        if (in.photoReused()) {
            put(signals, "photo-reused-from-other-seller", PHOTO_REUSE_RISK);
        }
        double usual = in.usualPrice();
        if (usual > 0 && in.price() >= 0 && in.price() < CHEAP_RATIO * usual) {
            put(signals, "price-far-below-category", MAX_PRICE_RISK * (1 - in.price() / (CHEAP_RATIO * usual)));
        }
        double keep = 1;
        for (double r : signals.values()) {
            keep *= 1 - r;
        }
        return new Assessment(1 - keep, signals);
    }

    private static void put(Map<String, Double> signals, String reason, double risk) {
        if (risk > 0) {
            signals.put(reason, Math.min(1, risk));
        }
    }
}
