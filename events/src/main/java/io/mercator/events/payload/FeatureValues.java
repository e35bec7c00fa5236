package io.mercator.events.payload;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Feature values by name, as a ranker served them with an impression.
 *
 * <p>On the wire it is a plain JSON object, {@code {"price": 9000.0, "views_1h": 12.0, ...}}, in
 * row order. In memory it is the names (one shared list per feature set: the names of every
 * impression served with the same features are the same list) and the values in a primitive array.
 * A loaded service writes twenty impressions per request and every projection reads them, so a
 * map of boxed doubles per impression was the largest allocation and the largest thing young
 * collections had to copy. Values that are not finite are written as the strings {@code "NaN"},
 * {@code "Infinity"} and {@code "-Infinity"}, as Jackson writes such doubles.
 */
@JsonSerialize(using = FeatureValues.Writer.class)
@JsonDeserialize(using = FeatureValues.Reader.class)
public final class FeatureValues {

    /** Distinct name lists kept for sharing; feature sets are few, anything past this is not shared. */
    private static final int MAX_SHARED_NAME_LISTS = 64;
    private static final Map<List<String>, List<String>> SHARED_NAMES = new ConcurrentHashMap<>();

    private final List<String> names;
    private final double[] values;

    private FeatureValues(List<String> names, double[] values) {
        this.names = names;
        this.values = values;
    }

    /**
     * Values in the order of {@code names}; both are copied (the names once per distinct list).
     *
     * @throws IllegalArgumentException when the lengths differ or a name repeats
     */
    public static FeatureValues of(List<String> names, double[] values) {
        if (names.size() != values.length) {
            throw new IllegalArgumentException(names.size() + " names for " + values.length + " values");
        }
        return new FeatureValues(shared(names), values.clone());
    }

    /** The map's entries in its iteration order. */
    public static FeatureValues of(Map<String, Double> byName) {
        List<String> names = new ArrayList<>(byName.size());
        double[] values = new double[byName.size()];
        int i = 0;
        for (Map.Entry<String, Double> e : byName.entrySet()) {
            names.add(e.getKey());
            values[i++] = e.getValue();
        }
        return new FeatureValues(shared(names), values);
    }

    /**
     * Values under names already shared ({@link #sharedNames}), not copied: for a holder that
     * owns the array and does not change it, such as a served list's items.
     */
    static FeatureValues ofShared(List<String> sharedNames, double[] values) {
        if (sharedNames.size() != values.length) {
            throw new IllegalArgumentException(sharedNames.size() + " names for " + values.length + " values");
        }
        return new FeatureValues(sharedNames, values);
    }

    /**
     * The one shared, unmodifiable copy of a list of feature names.
     *
     * @throws IllegalArgumentException when a name repeats
     */
    public static List<String> sharedNames(List<String> names) {
        return shared(names);
    }

    private static List<String> shared(List<String> names) {
        List<String> known = SHARED_NAMES.get(names);
        if (known != null) {
            return known;
        }
        List<String> copy = List.copyOf(names);
        if (copy.size() != new java.util.HashSet<>(copy).size()) {
            throw new IllegalArgumentException("feature names repeat: " + names);
        }
        if (SHARED_NAMES.size() >= MAX_SHARED_NAME_LISTS) {
            return copy;
        }
        List<String> raced = SHARED_NAMES.putIfAbsent(copy, copy);
        return raced != null ? raced : copy;
    }

    public int size() {
        return values.length;
    }

    /** The names in row order; unmodifiable. */
    public List<String> names() {
        return names;
    }

    /** The value at a position of {@link #names()}. */
    public double value(int index) {
        return values[index];
    }

    /** The named value, or {@code ifAbsent}. */
    public double get(String name, double ifAbsent) {
        int i = names.indexOf(name);
        return i < 0 ? ifAbsent : values[i];
    }

    /**
     * The values in another order, NaN for a name these values lack: what a model or a drift
     * check expecting {@code order} reads. Served with the same feature set, it is a plain copy.
     */
    public float[] row(List<String> order) {
        return rowInto(order, new float[order.size()]);
    }

    /**
     * {@link #row} written into {@code out} (of {@code order.size()} floats) instead of a new
     * array, for a holder that keeps many rows and reuses their arrays.
     */
    public float[] rowInto(List<String> order, float[] out) {
        if (out.length != order.size()) {
            throw new IllegalArgumentException("row of " + out.length + " for " + order.size() + " names");
        }
        if (order == names || order.equals(names)) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) values[i];
            }
            return out;
        }
        for (int f = 0; f < out.length; f++) {
            int i = names.indexOf(order.get(f));
            out[f] = i < 0 ? Float.NaN : (float) values[i];
        }
        return out;
    }

    /** Name to value, in row order. */
    public Map<String, Double> asMap() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            out.put(names.get(i), values[i]);
        }
        return Collections.unmodifiableMap(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureValues f && names.equals(f.names) && Arrays.equals(values, f.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(names, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return asMap().toString();
    }

    /** Writes the JSON object, name by name in row order. */
    static final class Writer extends JsonSerializer<FeatureValues> {
        @Override
        public void serialize(FeatureValues f, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeStartObject();
            for (int i = 0; i < f.values.length; i++) {
                double v = f.values[i];
                if (Double.isFinite(v)) {
                    g.writeNumberField(f.names.get(i), v);
                } else {
                    g.writeStringField(f.names.get(i), Double.toString(v));
                }
            }
            g.writeEndObject();
        }
    }

    /** Reads the JSON object without building a map: names into a list, values into an array. */
    static final class Reader extends JsonDeserializer<FeatureValues> {
        @Override
        public FeatureValues deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                return (FeatureValues) ctx.handleUnexpectedToken(FeatureValues.class, p);
            }
            List<String> names = new ArrayList<>(32);
            double[] values = new double[32];
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                names.add(p.currentName());
                JsonToken t = p.nextToken();
                double v;
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    v = p.getDoubleValue();
                } else if (t == JsonToken.VALUE_STRING && isNonFinite(p.getText())) {
                    v = Double.parseDouble(p.getText());
                } else {
                    return (FeatureValues) ctx.reportInputMismatch(FeatureValues.class,
                            "feature '%s' must be a number, got %s", names.getLast(), t);
                }
                if (names.size() > values.length) {
                    values = Arrays.copyOf(values, values.length * 2);
                }
                values[names.size() - 1] = v;
            }
            try {
                return new FeatureValues(shared(names), Arrays.copyOf(values, names.size()));
            } catch (IllegalArgumentException e) {
                return (FeatureValues) ctx.reportInputMismatch(FeatureValues.class, "%s", e.getMessage());
            }
        }

        private static boolean isNonFinite(String s) {
            return "NaN".equals(s) || "Infinity".equals(s) || "-Infinity".equals(s);
        }
    }
}
