package io.mercator.ranking.pipeline;

import java.util.regex.Pattern;

/**
 * The stable name of a pipeline component. The same string is the {@code component} tag of its
 * metrics, the field its logs carry, the key its configuration is found under and the entry a
 * response lists in {@code degraded}; so it is validated once here, never made up on the fly.
 *
 * @param value lower-case kebab case, for example {@code keyword-recall}
 */
public record ComponentId(String value) {

    private static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    private static final int MAX_LENGTH = 48;

    public ComponentId {
        if (value == null || value.length() > MAX_LENGTH || !KEBAB.matcher(value).matches()) {
            throw new IllegalArgumentException("component id must be lower-case kebab case of at most "
                    + MAX_LENGTH + " characters: " + value);
        }
    }

    public static ComponentId of(String value) {
        return new ComponentId(value);
    }

    /** True for a string {@link #of} accepts; fallback names share the rule. */
    public static boolean isValid(String value) {
        return value != null && value.length() <= MAX_LENGTH && KEBAB.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
