package io.mercator.ranking;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ranking settings as configured: the whole-request budget, and each component's knobs under its
 * id ({@code ranking.components.<id>.<knob>}, for example {@code keyword-recall.budgetMs} or
 * {@code fraud-screen.dropAt}). A knob left out takes the component's default. The knobs are read,
 * range-checked and checked for unknown ids and names by {@link Knobs} while the pipelines are
 * built, so a misconfiguration stops start-up with a message naming the key.
 *
 * @param pipelineBudget whole-request budget; past it the over-budget list is served
 * @param components     knob values by component id, then knob name: numbers, strings (from the
 *                       environment) or lists
 */
public record RankingConfig(Duration pipelineBudget, Map<String, Map<String, Object>> components) {

    public static final Duration DEFAULT_PIPELINE_BUDGET = Duration.ofMillis(150);
    public static final RankingConfig DEFAULTS = new RankingConfig(DEFAULT_PIPELINE_BUDGET, Map.of());

    public RankingConfig {
        if (pipelineBudget == null || pipelineBudget.isNegative() || pipelineBudget.isZero()) {
            throw RankingFailure.misconfigured("ranking.pipelineBudgetMs must be positive");
        }
        Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
        if (components != null) {
            components.forEach((id, knobs) -> copy.put(id, knobs == null ? Map.of() : Map.copyOf(knobs)));
        }
        components = Map.copyOf(copy);
    }

    /** This configuration with one knob set. */
    public RankingConfig with(String componentId, String knob, Object value) {
        Map<String, Map<String, Object>> copy = new HashMap<>(components);
        Map<String, Object> knobs = new HashMap<>(copy.getOrDefault(componentId, Map.of()));
        knobs.put(knob, value);
        copy.put(componentId, knobs);
        return new RankingConfig(pipelineBudget, copy);
    }

    public RankingConfig withBudget(String componentId, Duration budget) {
        return with(componentId, Knobs.BUDGET_MS, budget.toMillis());
    }

    public RankingConfig withPipelineBudget(Duration budget) {
        return new RankingConfig(budget, components);
    }

    /** A reader of these knobs, for building one set of components. */
    public Knobs knobs() {
        return new Knobs(components);
    }
}
