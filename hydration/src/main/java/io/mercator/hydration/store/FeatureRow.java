package io.mercator.hydration.store;

import java.util.Map;

/** Read access to one entity's hash with typed getters and defaults for missing fields. */
public record FeatureRow(Map<String, String> fields) {

    public static final FeatureRow EMPTY = new FeatureRow(Map.of());

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    public double number(String field, double fallback) {
        String v = fields.get(field);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public String text(String field, String fallback) {
        return fields.getOrDefault(field, fallback);
    }
}
