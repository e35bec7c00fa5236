package io.mercator.simulator;

import io.mercator.events.validation.EventValidator;

/**
 * What to simulate: how many buyers, over how many days, from which seed, ending when.
 *
 * <p>The simulated time span is {@code [endMillis - days * 24h, endMillis)}. Everything the
 * simulator produces (the hidden world and the event stream) is a pure function of this record.
 *
 * @param users     number of buyers; sellers (about one per 2.5 users) and listings (ten per user) scale with it
 * @param days      length of the simulated span in days
 * @param seed      seed of every random draw
 * @param endMillis end of the span (exclusive), epoch milliseconds
 */
public record SimulationConfig(int users, int days, long seed, long endMillis) {

    /** One simulated day. */
    public static final long DAY_MILLIS = 86_400_000L;
    public static final int MAX_USERS = 1_000_000;
    public static final int MAX_DAYS = 3_650;

    /** The demo marketplace: 5,000 buyers over two weeks (50,000 listings, well over a million interactions). */
    public static final int DEMO_USERS = 5_000;
    public static final int DEMO_DAYS = 14;
    public static final long DEMO_SEED = 0x4D45_5243_4154_4F52L; // "MERCATOR"

    public SimulationConfig {
        if (users < 1 || users > MAX_USERS) {
            throw new IllegalArgumentException("users must be in 1.." + MAX_USERS + ", was " + users);
        }
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("days must be in 1.." + MAX_DAYS + ", was " + days);
        }
        if (endMillis - days * DAY_MILLIS < EventValidator.MIN_TS) {
            throw new IllegalArgumentException("the simulated span must start after 2000-01-01: endMillis "
                    + endMillis + " minus " + days + " days is before " + EventValidator.MIN_TS);
        }
    }

    /** The demo marketplace ending at {@code endMillis}. */
    public static SimulationConfig demo(long endMillis) {
        return new SimulationConfig(DEMO_USERS, DEMO_DAYS, DEMO_SEED, endMillis);
    }

    /** First millisecond of the simulated span (inclusive). */
    public long startMillis() {
        return endMillis - days * DAY_MILLIS;
    }
}
