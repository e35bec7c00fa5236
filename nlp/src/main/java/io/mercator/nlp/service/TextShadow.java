package io.mercator.nlp.service;

import io.mercator.events.payload.ModelPayload;
import io.mercator.nlp.TextAnalyzer;
import io.mercator.nlp.TextInput;
import io.mercator.nlp.TextReport;
import io.mercator.release.ReleaseEvents;
import io.mercator.release.ShadowComparison;
import io.mercator.release.ShadowRunner;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A candidate text model in the shadow: after the live model answered a batch, the candidate
 * analyses the same texts on the {@link ShadowRunner}'s thread; their safety scores are compared
 * ({@link ShadowComparison}) and written as a {@code model.shadow_scored} event that names each text
 * by its listing (never the text itself). A busy shadow skips the batch.
 */
public final class TextShadow {

    private final TextAnalyzer candidate;
    private final ShadowComparison comparison;
    private final ShadowRunner runner;
    private final ReleaseEvents events;

    public TextShadow(TextAnalyzer candidate, ShadowComparison comparison, ShadowRunner runner, ReleaseEvents events) {
        this.candidate = candidate;
        this.comparison = comparison;
        this.runner = runner;
        this.events = events;
    }

    void served(List<TextInput> texts, List<TextReport> live) {
        if (live.isEmpty()) {
            return;
        }
        List<TextInput> in = List.copyOf(texts);
        List<TextReport> out = List.copyOf(live);
        if (!runner.offer(() -> compare(in, out))) {
            comparison.skipped();
        }
    }

    private void compare(List<TextInput> texts, List<TextReport> live) {
        double[] a = new double[texts.size()];
        double[] b = new double[texts.size()];
        List<String> items = new ArrayList<>(texts.size());
        try {
            for (int i = 0; i < texts.size(); i++) {
                a[i] = live.get(i).safetyScore();
                b[i] = candidate.analyze(texts.get(i)).safetyScore();
                TextInput t = texts.get(i);
                items.add((t.listingId() == null ? "text" : t.listingId()) + ":" + t.context().wireName());
            }
        } catch (RuntimeException e) {
            comparison.failed();
            return;
        }
        Double rho = comparison.add(a, b);
        String request = "text-" + UUID.randomUUID();
        events.shadowScored("text", new ModelPayload.ShadowScored(request, live.getFirst().modelVersion(),
                candidate.modelVersion(), items, a, b, rho));
    }
}
