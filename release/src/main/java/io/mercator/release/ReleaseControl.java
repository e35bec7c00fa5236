package io.mercator.release;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The release rules ({@link ReleasePlan}) applied to one model kind through its {@link Target}:
 * each transition is checked, prepared (a candidate is loaded and warmed before anything is
 * written), written to the log ({@link ReleaseEvents}) and only then applied. One transition at a
 * time per kind.
 */
public final class ReleaseControl implements ModelRelease {

    /** What a model kind lets a release do with its versions. Every method may block. */
    public interface Target {

        /** The version serving everyone now, or null when none is. */
        String champion();

        /** The versions a release can name, oldest first. */
        List<String> versions();

        /**
         * Loads and warms {@code version} and keeps it loaded until {@link #unload}.
         *
         * @throws IllegalArgumentException when the kind has no such version
         */
        void prepare(String version);

        /**
         * Starts the shadow: from now on {@code version} (prepared) scores what the champion scores,
         * off the critical path, into {@code comparison}; null stops it.
         */
        void shadow(String version, ShadowComparison comparison);

        /** Makes {@code version} (prepared, or the champion) answer every request, at once. */
        void makeLive(String version, String actor, String reason);

        /** A prepared version is no longer needed by the release. */
        void unload(String version);

        /**
         * Refuses a start the kind cannot take now (throws {@link IllegalStateException}); by default
         * every start the plan allows is fine.
         */
        default void checkStart(ReleasePlan.Mode mode, String version) {
        }

        /** Figures of the kind's own for the status, e.g. the ranker's canary. */
        default Map<String, Object> extra() {
            return Map.of();
        }
    }

    private final String kind;
    private final Target target;
    private final ReleaseEvents events;
    private final Clock clock;
    private ReleasePlan plan;
    private ShadowComparison comparison;

    public ReleaseControl(String kind, Target target, ReleaseEvents events, Clock clock) {
        this.kind = kind;
        this.target = target;
        this.events = events;
        this.clock = clock;
        this.plan = ReleasePlan.idle(null, clock.millis());
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public synchronized Status status() {
        return new Status(kind, current(), target.versions(), comparison == null ? null : comparison.snapshot(),
                target.extra());
    }

    /** The plan, its champion brought up to date with what serves (promotions and retrainings happen outside). */
    private ReleasePlan current() {
        String serving = target.champion();
        if (plan.mode() == ReleasePlan.Mode.NONE && !java.util.Objects.equals(serving, plan.champion())) {
            plan = ReleasePlan.idle(serving, clock.millis());
        } else if (plan.mode() == ReleasePlan.Mode.SHADOW && !java.util.Objects.equals(serving, plan.champion())) {
            plan = plan.withChampion(serving);
        }
        return plan;
    }

    @Override
    public synchronized Status startShadow(String version, String actor, String reason) {
        ReleasePlan next = current().startShadow(version, clock.millis());
        requireKnown(version);
        target.checkStart(next.mode(), version);
        target.prepare(version);
        try {
            events.changed(kind, next.change("shadow_started", actor, reason));
        } catch (RuntimeException notWritten) {
            target.unload(version);
            throw notWritten;
        }
        comparison = new ShadowComparison();
        target.shadow(version, comparison);
        plan = next;
        return status();
    }

    @Override
    public synchronized Status startBlueGreen(String version, String actor, String reason) {
        ReleasePlan next = current().startBlueGreen(version, clock.millis());
        requireKnown(version);
        target.checkStart(next.mode(), version);
        target.prepare(version);
        try {
            events.changed(kind, next.change("blue_green_started", actor, reason));
        } catch (RuntimeException notWritten) {
            target.unload(version);
            throw notWritten;
        }
        plan = next;
        return status();
    }

    @Override
    public synchronized Status switchOver(String actor, String reason) {
        return serve(current().switchOver(clock.millis()), "switched", actor, reason);
    }

    @Override
    public synchronized Status switchBack(String actor, String reason) {
        return serve(current().switchBack(clock.millis()), "switched_back", actor, reason);
    }

    /** A blue-green switch either way: recorded, then what the plan says is live serves everyone. */
    private Status serve(ReleasePlan next, String action, String actor, String reason) {
        events.changed(kind, next.change(action, actor, reason));
        target.makeLive(next.live(), actor, reason);
        plan = next;
        return status();
    }

    @Override
    public synchronized Status end(String actor, String reason) {
        ReleasePlan before = current();
        ReleasePlan next = before.end(clock.millis());
        events.changed(kind, new io.mercator.events.payload.ModelPayload.ReleaseChanged("ended", next.mode().wireName(),
                before.champion(), before.candidate(), next.live(), actor, reason));
        if (before.mode() == ReleasePlan.Mode.SHADOW) {
            target.shadow(null, null);
        }
        // what is not live any more is let go: the shadow, or blue-green's loser
        target.unload(before.switched() ? before.champion() : before.candidate());
        plan = next;
        return status();
    }

    private void requireKnown(String version) {
        if (!target.versions().contains(version)) {
            throw new UnknownVersion("no " + kind + " model version " + version + "; known: " + target.versions());
        }
    }
}
