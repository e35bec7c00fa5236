package io.mercator.learning.registry;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * Where a registered model version stands. Exactly one version is {@link #PRODUCTION} once any
 * is; at most one is {@link #STAGING} (it is the canary); everything else is {@link #ARCHIVED}
 * and kept, so a rollback can bring it back.
 */
public enum Stage {
    STAGING, PRODUCTION, ARCHIVED;

    /** The name in files and on the wire: lower case. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Stage of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
