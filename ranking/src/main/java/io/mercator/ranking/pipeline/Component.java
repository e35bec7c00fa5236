package io.mercator.ranking.pipeline;

/**
 * What every pipeline component has, whatever its kind: a {@link ComponentSpec} (id, budget,
 * failure policy). The kinds (candidate source, filter, hydrator, scorer, selector, explainer,
 * side effect) each add one method.
 */
public interface Component {

    ComponentSpec spec();

    default ComponentId id() {
        return spec().id();
    }
}
