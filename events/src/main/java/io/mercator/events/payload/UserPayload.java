package io.mercator.events.payload;

/** User family: keyed by user id. */
public sealed interface UserPayload extends EventPayload {

    /**
     * A buyer's profile.
     *
     * @param ageGroup      for example "18-24", "25-34"
     * @param gender        "f", "m", "x" or null
     * @param homeLat       latitude of home
     * @param homeLon       longitude of home
     * @param maxDistanceKm how far the buyer will travel or ship from, at most 500
     */
    record Profile(String ageGroup, String gender, double homeLat, double homeLon, int maxDistanceKm)
            implements UserPayload {
    }
}
