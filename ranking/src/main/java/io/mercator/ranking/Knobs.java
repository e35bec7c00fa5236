package io.mercator.ranking;

import io.mercator.ranking.pipeline.ComponentSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the configured knobs of the components being built, each with its default and its valid
 * range, and remembers what it read. {@link #finish()} then fails on a configured id or knob that
 * no component read (a typo must not silently fall back to a default); {@link #defaults()} lists
 * every knob with its default, which is how the defaults file is checked to show them all.
 *
 * <p>Every error names the key, {@code ranking.components.<id>.<knob>}. Values may be numbers,
 * strings (environment variables are strings) or lists (a comma-separated string from the
 * environment). Used while wiring, on one thread.
 */
public final class Knobs {

    public static final String PREFIX = "ranking.components.";
    public static final String BUDGET_MS = "budgetMs";
    public static final String MAX_CONCURRENT_CALLS = "maxConcurrentCalls";

    private final Map<String, Map<String, Object>> configured;
    private final Map<String, Map<String, Object>> defaults = new LinkedHashMap<>();

    Knobs(Map<String, Map<String, Object>> configured) {
        this.configured = configured;
    }

    /**
     * The component's spec with its configured budget ({@code budgetMs}, 1..60000) and, where the
     * default bounds concurrency, its configured {@code maxConcurrentCalls} (1..10000).
     */
    public ComponentSpec spec(ComponentSpec defaults) {
        String id = defaults.id().value();
        long budget = integer(id, BUDGET_MS, defaults.budget().toMillis(), 1, 60_000);
        ComponentSpec spec = defaults.withBudget(Duration.ofMillis(budget));
        if (defaults.maxConcurrentCalls() > 0) {
            spec = spec.withMaxConcurrentCalls(
                    (int) integer(id, MAX_CONCURRENT_CALLS, defaults.maxConcurrentCalls(), 1, 10_000));
        }
        return spec;
    }

    public int integer(ComponentSpec component, String knob, int dflt, int min, int max) {
        return (int) integer(component.id().value(), knob, dflt, min, max);
    }

    public double number(ComponentSpec component, String knob, double dflt, double min, double max) {
        String id = component.id().value();
        Object v = read(id, knob, dflt);
        double d;
        try {
            d = v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().strip());
        } catch (NumberFormatException e) {
            throw invalid(id, knob, "a number", v);
        }
        if (!(d >= min && d <= max)) {
            throw invalid(id, knob, "a number within " + min + ".." + max, v);
        }
        return d;
    }

    /** A list of integers, each within {@code min..max}; a string is read as comma-separated. */
    public List<Integer> integers(ComponentSpec component, String knob, List<Integer> dflt, int min, int max) {
        String id = component.id().value();
        Object v = read(id, knob, List.copyOf(dflt));
        List<?> items = v instanceof List<?> l ? l
                : v.toString().isBlank() ? List.of() : List.of(v.toString().split(","));
        List<Integer> out = new ArrayList<>(items.size());
        for (Object item : items) {
            long n = parseInteger(id, knob, item, "a list of integers within " + min + ".." + max);
            if (n < min || n > max) {
                throw invalid(id, knob, "a list of integers within " + min + ".." + max, v);
            }
            out.add((int) n);
        }
        return List.copyOf(out);
    }

    private long integer(String id, String knob, long dflt, long min, long max) {
        Object v = read(id, knob, dflt);
        String rule = "an integer within " + min + ".." + max;
        long n = parseInteger(id, knob, v, rule);
        if (n < min || n > max) {
            throw invalid(id, knob, rule, v);
        }
        return n;
    }

    private long parseInteger(String id, String knob, Object v, String rule) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            return ((Number) v).longValue();
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        try {
            return Long.parseLong(v.toString().strip());
        } catch (NumberFormatException e) {
            throw invalid(id, knob, rule, v);
        }
    }

    private Object read(String id, String knob, Object dflt) {
        Object previous = defaults.computeIfAbsent(id, k -> new LinkedHashMap<>()).putIfAbsent(knob, dflt);
        if (previous != null && !previous.equals(dflt)) {
            // two instances of one component must agree, or the defaults file could not show one value
            throw RankingFailure.misconfigured("two defaults for " + PREFIX + id + "." + knob + ": " + previous
                    + " and " + dflt);
        }
        Object v = configured.getOrDefault(id, Map.of()).get(knob);
        return v == null ? dflt : v;
    }

    private static RankingFailure invalid(String id, String knob, String rule, Object value) {
        return RankingFailure.misconfigured(PREFIX + id + "." + knob + " must be " + rule + ", not " + value);
    }

    /** Fails on a configured component id or knob that nothing read. */
    public void finish() {
        Set<String> unknown = new TreeSet<>();
        configured.forEach((id, knobs) -> {
            Map<String, Object> known = defaults.get(id);
            if (known == null) {
                unknown.add(PREFIX + id + " (no component has this id; known: " + String.join(", ", defaults.keySet())
                        + ")");
            } else {
                for (String knob : knobs.keySet()) {
                    if (!known.containsKey(knob)) {
                        unknown.add(PREFIX + id + "." + knob + " (knobs of " + id + ": "
                                + String.join(", ", known.keySet()) + ")");
                    }
                }
            }
        });
        if (!unknown.isEmpty()) {
            throw RankingFailure.misconfigured("unknown ranking setting: " + String.join("; ", unknown));
        }
    }

    /** Every knob read so far with its default, by component id, in the order read. */
    public Map<String, Map<String, Object>> defaults() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        defaults.forEach((id, knobs) -> out.put(id, Map.copyOf(knobs)));
        return out;
    }
}
