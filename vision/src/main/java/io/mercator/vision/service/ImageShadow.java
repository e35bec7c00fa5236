package io.mercator.vision.service;

import io.mercator.events.payload.ModelPayload;
import io.mercator.release.ReleaseEvents;
import io.mercator.release.ShadowComparison;
import io.mercator.release.ShadowRunner;
import io.mercator.vision.ImageAnalyzer;
import io.mercator.vision.category.CategoryHead;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A candidate category head in the shadow. It reads the backbone features the live analysis
 * computed anyway, so the shadow costs one linear head on the {@link ShadowRunner}'s thread, not a
 * second forward pass. Per photo it compares the two heads' probabilities over the classes they
 * share ({@link ShadowComparison}: rank correlation of the class order, same best class, drift of the
 * probabilities) and writes a {@code model.shadow_scored} event named by the photo's SHA-256, never
 * the image.
 */
public final class ImageShadow implements ImageAnalyzer.HeadTap {

    private final String champion;
    private final String candidateVersion;
    private final CategoryHead candidate;
    private final ShadowComparison comparison;
    private final ShadowRunner runner;
    private final ReleaseEvents events;

    public ImageShadow(String champion, String candidateVersion, CategoryHead candidate, ShadowComparison comparison,
                       ShadowRunner runner, ReleaseEvents events) {
        this.champion = champion;
        this.candidateVersion = candidateVersion;
        this.candidate = candidate;
        this.comparison = comparison;
        this.runner = runner;
        this.events = events;
    }

    @Override
    public void scored(String photoSha256, float[] features, CategoryHead.Prediction live) {
        if (!runner.offer(() -> compare(photoSha256, features, live))) {
            comparison.skipped();
        }
    }

    private void compare(String photo, float[] features, CategoryHead.Prediction live) {
        CategoryHead.Prediction shadow;
        try {
            shadow = candidate.predict(features);
        } catch (RuntimeException e) {
            comparison.failed();
            return;
        }
        Map<String, Double> theirs = new HashMap<>();
        shadow.top().forEach(s -> theirs.put(s.label(), s.score()));
        List<CategoryHead.Scored> shared = live.top().stream().filter(s -> theirs.containsKey(s.label())).toList();
        if (shared.isEmpty()) {
            comparison.failed();
            return;
        }
        double[] a = shared.stream().mapToDouble(CategoryHead.Scored::score).toArray();
        double[] b = shared.stream().mapToDouble(s -> theirs.get(s.label())).toArray();
        Double rho = comparison.add(a, b);
        events.shadowScored("image", new ModelPayload.ShadowScored("photo-" + photo, champion, candidateVersion,
                shared.stream().map(CategoryHead.Scored::label).toList(), a, b, rho));
    }
}
