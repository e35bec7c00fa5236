package io.mercator.nlp;

import java.util.EnumMap;
import java.util.Map;

/**
 * How the four scores make one safety score, and what it leads to.
 *
 * <p>{@code safety = 1 - max over kinds of (weight of kind x score of kind)}: one confident harm
 * is enough to make a text unsafe, and two weak ones do not add up to a strong one. The weights say
 * how much each kind can weigh at most: diversion and prohibited goods (1.0) can block on their
 * own; offensive language (0.9) and spam (0.8) send a text to review at most, never block it.
 *
 * @param weights     per kind, 0..1
 * @param reviewBelow a safety below this is {@code review} (0.4: the product's moderation line)
 * @param blockBelow  a safety below this is {@code block}
 */
public record SafetyPolicy(Map<Finding.Kind, Double> weights, double reviewBelow, double blockBelow) {

    public static final SafetyPolicy DEFAULT = new SafetyPolicy(Map.of(Finding.Kind.DIVERSION, 1.0,
            Finding.Kind.PROHIBITED, 1.0, Finding.Kind.OFFENSIVE, 0.9, Finding.Kind.SPAM, 0.8), 0.4, 0.1);

    public SafetyPolicy {
        weights = Map.copyOf(new EnumMap<>(weights));
        for (Finding.Kind k : Finding.Kind.values()) {
            double w = weights.getOrDefault(k, -1.0);
            if (w < 0 || w > 1) {
                throw new IllegalArgumentException("the weight of " + k.wireName() + " must be 0..1");
            }
        }
        if (!(blockBelow >= 0 && blockBelow <= reviewBelow && reviewBelow <= 1)) {
            throw new IllegalArgumentException("need 0 <= blockBelow <= reviewBelow <= 1");
        }
    }

    public double safety(Map<Finding.Kind, Double> scores) {
        double worst = 0;
        for (Map.Entry<Finding.Kind, Double> s : scores.entrySet()) {
            worst = Math.max(worst, weights.get(s.getKey()) * s.getValue());
        }
        return 1 - worst;
    }

    public TextReport.Action action(double safety) {
        if (safety < blockBelow) {
            return TextReport.Action.BLOCK;
        }
        return safety < reviewBelow ? TextReport.Action.REVIEW : TextReport.Action.ALLOW;
    }
}
