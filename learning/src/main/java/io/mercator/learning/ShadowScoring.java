package io.mercator.learning;

import java.util.List;
import java.util.function.Supplier;

/**
 * Told what the ranker served, so a shadow candidate can score the same rows off the critical
 * path. Called on the request's thread after the champion's prediction: it must only hand the work
 * on (or drop it), never score inline.
 */
@FunctionalInterface
public interface ShadowScoring {

    /** No shadow. */
    ShadowScoring NONE = (requestId, served, rows, count, predictions, items) -> {
    };

    /**
     * @param requestId   the request
     * @param served      the models that answered it
     * @param rows        the feature rows they scored (row-major; not changed afterwards)
     * @param count       rows
     * @param predictions their predictions
     * @param items       the listing ids of the rows, in row order (built only when asked, on any thread)
     */
    void served(String requestId, ClickModels served, double[] rows, int count, ClickModels.Predictions predictions,
                Supplier<List<String>> items);
}
