package io.mercator.learning.release;

import io.mercator.release.ReleaseEvents;
import io.mercator.release.ShadowComparison;
import io.mercator.release.ShadowRunner;

import io.mercator.events.payload.ModelPayload;
import io.mercator.learning.ClickModels;
import io.mercator.learning.ShadowScoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The ranker's shadow: a candidate's pCTR for the rows production just scored, on the
 * {@link ShadowRunner}'s thread, compared with production's ({@link ShadowComparison}) and written
 * as a {@code model.shadow_scored} event with the champion's top {@value #LOGGED_ITEMS} items. Only
 * production's requests are shadowed (a canary buyer's request compares nothing), and a busy shadow
 * skips requests rather than queue them.
 */
public final class RankerShadow implements ShadowScoring {

    /** Items per request written to the log: the champion's first page. */
    public static final int LOGGED_ITEMS = 20;

    private record Running(ClickModels candidate, ShadowComparison comparison) {
    }

    private final ShadowRunner runner;
    private final ReleaseEvents events;
    private final Supplier<String> production;
    private volatile Running running;

    /** @param production the production version now: only its requests are shadowed */
    public RankerShadow(ShadowRunner runner, ReleaseEvents events, Supplier<String> production) {
        this.runner = runner;
        this.events = events;
        this.production = production;
    }

    void start(ClickModels candidate, ShadowComparison comparison) {
        running = new Running(candidate, comparison);
    }

    void stop() {
        running = null;
    }

    @Override
    public void served(String requestId, ClickModels served, double[] rows, int count,
                       ClickModels.Predictions predictions, Supplier<List<String>> items) {
        Running r = running;
        if (r == null || !served.version().equals(production.get())) {
            return;
        }
        if (!r.candidate().featureNames().equals(served.featureNames())) {
            r.comparison().failed();
            return;
        }
        // the ids are read on the shadow's thread: a skipped request costs nothing but the offer
        if (!runner.offer(() -> compare(r, requestId, served.version(), rows, count, predictions.pctr(), items.get()))) {
            r.comparison().skipped();
        }
    }

    private void compare(Running r, String requestId, String champion, double[] rows, int count, double[] served,
                         List<String> ids) {
        double[] shadow;
        try {
            shadow = r.candidate().predict(rows, count).pctr();
        } catch (RuntimeException e) {
            r.comparison().failed();
            return;
        }
        Double rho = r.comparison().add(served, shadow);
        int[] top = IntStream.range(0, count).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -served[i])).limit(LOGGED_ITEMS)
                .mapToInt(Integer::intValue).toArray();
        List<String> logged = new ArrayList<>(top.length);
        for (int i : top) {
            logged.add(ids.get(i));
        }
        events.shadowScored("ranker", new ModelPayload.ShadowScored(requestId, champion, r.candidate().version(), logged,
                Arrays.stream(top).mapToDouble(i -> served[i]).toArray(),
                Arrays.stream(top).mapToDouble(i -> shadow[i]).toArray(), rho));
    }
}
