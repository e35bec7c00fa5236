package io.mercator.learning.lifecycle;

import io.mercator.learning.ClickModels;
import io.mercator.learning.ModelSelection;
import io.mercator.learning.ShadowScoring;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The ranker's {@link ModelSelection}: canary buyers ({@link CanaryAssignment}) get the staging
 * model while there is one, everyone else the production model. Both are swapped together in one
 * atomic step, so a request never sees a half-updated pair.
 */
public final class CanaryRouter implements ModelSelection {

    /** The models served now; either may be absent. */
    public record Serving(ClickModels production, ClickModels canary) {
        public static final Serving NONE = new Serving(null, null);
    }

    private final CanaryAssignment assignment;
    private final AtomicReference<Serving> serving = new AtomicReference<>(Serving.NONE);
    private volatile ShadowScoring shadow = ShadowScoring.NONE;

    public CanaryRouter(CanaryAssignment assignment) {
        this.assignment = assignment;
    }

    @Override
    public Optional<ClickModels> forUser(String userId) {
        Serving s = serving.get();
        if (s.canary() != null && assignment.inCanary(userId)) {
            return Optional.of(s.canary());
        }
        return Optional.ofNullable(s.production());
    }

    @Override
    public ShadowScoring shadow() {
        return shadow;
    }

    /** Where served requests are shown to a shadow candidate (the ranker's release sets it once). */
    public void shadowWith(ShadowScoring shadow) {
        this.shadow = java.util.Objects.requireNonNull(shadow, "shadow");
    }

    /** Installs a new pair; returns the one it replaced. */
    public Serving serve(Serving next) {
        return serving.getAndSet(next);
    }

    public Serving serving() {
        return serving.get();
    }

    public CanaryAssignment assignment() {
        return assignment;
    }
}
