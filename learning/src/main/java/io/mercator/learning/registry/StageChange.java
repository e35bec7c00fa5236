package io.mercator.learning.registry;

/**
 * One version moving from one stage to another.
 *
 * @param version the model version
 * @param from    its stage before, null when it was just registered
 * @param to      its stage after
 */
public record StageChange(String version, Stage from, Stage to) {
}
