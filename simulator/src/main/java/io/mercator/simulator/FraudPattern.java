package io.mercator.simulator;

/**
 * How a hidden scammer works; the ground truth that fraud models are evaluated against.
 *
 * <p>Only {@link #BLATANT} is what today's rule was written for. The other three are what rules
 * miss: each looks honest on the signals a rule reads one at a time.
 */
public enum FraudPattern {
    /** An honest seller. */
    NONE,
    /** A new account posting a burst of bait far below the category's price (15-40% of fair). */
    BLATANT,
    /** Bait only gently below the price (55-85% of fair): a believable bargain, above a rule's cut-off. */
    GENTLE_PRICE,
    /** Several accounts working together, their bait showing the same few photos (55-85% of fair). */
    PHOTO_RING,
    /**
     * An account that sells honestly for days, often verified, then wakes and posts a burst of
     * bait: old, verified and with a clean history when it strikes.
     */
    SLEEPER;

    /** Lower case with dashes, as reports print it. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
