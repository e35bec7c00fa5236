package io.mercator.hydration.features;

/**
 * The seller trust score in [0,1] and how it was reached, so a ranking decision can be explained.
 *
 * <p>Start from a neutral 0.5; verification, account age and completed orders add, buyer reports
 * take away with diminishing effect (the first reports say the most), and a ban caps the score
 * near zero whatever else is true.
 */
public final class SellerTrust {

    static final double BASE = 0.5;
    static final double VERIFIED_BONUS = 0.2;
    static final double MAX_AGE_BONUS = 0.1;
    static final double FULL_AGE_DAYS = 365;
    static final double MAX_ORDERS_BONUS = 0.2;
    static final double FULL_ORDERS = 100;
    static final double MAX_REPORT_PENALTY = 0.6;
    static final double REPORT_SCALE = 3;
    static final double BANNED_CAP = 0.02;

    private SellerTrust() {
    }

    /**
     * The raw signals.
     *
     * @param verified        identity verified
     * @param reports         buyer reports
     * @param banned          banned by moderation or by an admin
     * @param registeredAt    registration event time, 0 if unknown (counts as a new account)
     * @param completedOrders orders on the seller's listings
     */
    public record Signals(boolean verified, int reports, boolean banned, long registeredAt, long completedOrders) {
    }

    /**
     * Each term's contribution; {@code score} is their clamped sum, capped when banned.
     */
    public record Breakdown(double base, double verified, double accountAge, double orders, double reports,
                            boolean banned, double score) {
    }

    /** Explains the score as of an event time (account age is measured up to it). */
    public static Breakdown explain(Signals s, long asOfMillis) {
        double ageDays = s.registeredAt() <= 0 ? 0 : Math.max(0, (asOfMillis - s.registeredAt()) / 86_400_000.0);
        double verified = s.verified() ? VERIFIED_BONUS : 0;
        double age = MAX_AGE_BONUS * Math.min(1, ageDays / FULL_AGE_DAYS);
        double orders = MAX_ORDERS_BONUS * Math.min(1, Math.log1p(s.completedOrders()) / Math.log1p(FULL_ORDERS));
        double reports = -MAX_REPORT_PENALTY * (1 - Math.exp(-s.reports() / REPORT_SCALE));
        double score = Math.max(0, Math.min(1, BASE + verified + age + orders + reports));
        if (s.banned()) {
            score = Math.min(score, BANNED_CAP);
        }
        // three decimals: enough to rank by, and changes small enough to skip rewriting listings
        score = Math.round(score * 1000) / 1000.0;
        return new Breakdown(BASE, verified, age, orders, reports, s.banned(), score);
    }

    public static double score(Signals s, long asOfMillis) {
        return explain(s, asOfMillis).score();
    }
}
