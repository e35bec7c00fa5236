package io.mercator.simulator;

/** Asking prices as people write them: round numbers, within what the validation gate believes. */
final class Prices {

    static final double MIN = 20;
    static final double MAX = 5_000_000;

    private Prices() {
    }

    static double asking(double raw) {
        double p = Geography.clamp(raw, MIN, MAX);
        double step = p < 100 ? 5 : p < 1_000 ? 10 : p < 10_000 ? 50 : p < 100_000 ? 500 : 1_000;
        return Math.max(MIN, Math.round(p / step) * step);
    }

    /** Baht and satang: two decimals. */
    static double money(double amount) {
        return Math.round(amount * 100) / 100.0;
    }
}
