package io.mercator.service.access;

import java.util.Locale;
import java.util.Optional;

/** What an admin key may do; each role may do what the ones before it may. */
public enum Role {
    /** Read the queue, the overrides, the models, the audit trail. */
    VIEWER,
    /** Decide on the moderation queue; set and lift overrides. */
    MODERATOR,
    /** Promote, roll back, retrain, run the canary; list the keys. */
    ADMIN;

    public boolean allows(Role needed) {
        return compareTo(needed) >= 0;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> of(String name) {
        for (Role r : values()) {
            if (r.wireName().equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
