package io.mercator.nlp.screening;

/**
 * How the listing flow acts on an analysis.
 *
 * @param flagBelow    a safety score below this opens a moderation queue item (0.4)
 * @param holdEnabled  whether confident prohibited or diversion findings withhold the listing
 * @param holdAt       a prohibited or diversion finding this confident withholds the listing until
 *                     a moderator decides
 * @param batchSize    listings per call to the text service (two texts each: title and description)
 * @param retryAfterMs after a failed call, how long to wait before trying again
 */
public record ScreeningPolicy(double flagBelow, boolean holdEnabled, double holdAt, int batchSize, long retryAfterMs) {

    public static final ScreeningPolicy DEFAULT = new ScreeningPolicy(0.4, true, 0.9, 50, 1000);

    public ScreeningPolicy {
        if (flagBelow < 0 || flagBelow > 1 || holdAt < 0 || holdAt > 1) {
            throw new IllegalArgumentException("flagBelow and holdAt must be in [0,1]");
        }
        if (batchSize < 1 || batchSize > 50) {
            throw new IllegalArgumentException("batchSize must be 1..50 (two texts a listing, at most 100 a call)");
        }
    }
}
