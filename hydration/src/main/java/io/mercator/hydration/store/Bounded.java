package io.mercator.hydration.store;

/** The rule of {@link OnlineStore#addWithin}, shared by the stores that do not run it remotely. */
final class Bounded {

    private Bounded() {
    }

    /** How much of {@code delta} a counter at {@code current} takes and stays within {@code [0, limit]}. */
    static long add(long current, long delta, long limit) {
        if (delta >= 0) {
            return Math.max(0, Math.min(delta, limit - current));
        }
        return Math.min(0, Math.max(delta, -current));
    }
}
