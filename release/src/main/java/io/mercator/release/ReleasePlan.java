package io.mercator.release;

import io.mercator.events.payload.ModelPayload;

import java.util.Locale;
import java.util.Objects;

/**
 * Where one model kind's release stands, and the rules for moving it on. Immutable: every
 * transition answers the next plan, or throws {@link IllegalStateException} (the admin API's 409)
 * when the release is not in a state that allows it.
 * <ul>
 *   <li><b>none</b>: the champion serves alone;</li>
 *   <li><b>shadow</b>: the candidate scores the champion's requests off the critical path, never served;</li>
 *   <li><b>blue-green</b>: the candidate (green) is loaded and warm beside the champion (blue); a
 *       switch makes green answer every request at once, a switch back returns blue as fast, and
 *       ending keeps whichever is live and unloads the other.</li>
 * </ul>
 * The ranker's canary (a share of buyers on the staging model) is the third way and keeps its own
 * rules in the registry; the ranker's release refuses a blue-green start while it runs.
 *
 * @param mode        what the release is doing
 * @param champion    the version serving when the release started (blue); null before any model
 * @param candidate   the version being released (shadow or green); null when the mode is none
 * @param switched    blue-green only: green is live
 * @param sinceMillis when the mode began
 */
public record ReleasePlan(Mode mode, String champion, String candidate, boolean switched, long sinceMillis) {

    /** The ways a model kind can be released besides the canary. */
    public enum Mode {
        NONE, SHADOW, BLUE_GREEN;

        /** The name on the wire and in events: lower case, blue-green as {@code blue_green}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ReleasePlan {
        Objects.requireNonNull(mode, "mode");
        if (mode != Mode.NONE && candidate == null) {
            throw new IllegalArgumentException("a " + mode.wireName() + " release needs a candidate");
        }
    }

    /** The champion serving alone. */
    public static ReleasePlan idle(String champion, long nowMillis) {
        return new ReleasePlan(Mode.NONE, champion, null, false, nowMillis);
    }

    /** The version answering requests. */
    public String live() {
        return switched ? candidate : champion;
    }

    /** The version scoring in the shadow, or null. */
    public String shadow() {
        return mode == Mode.SHADOW ? candidate : null;
    }

    public ReleasePlan startShadow(String version, long nowMillis) {
        requireStartable(version);
        return new ReleasePlan(Mode.SHADOW, champion, version, false, nowMillis);
    }

    public ReleasePlan startBlueGreen(String version, long nowMillis) {
        requireStartable(version);
        return new ReleasePlan(Mode.BLUE_GREEN, champion, version, false, nowMillis);
    }

    /** Green answers every request from now on. */
    public ReleasePlan switchOver(long nowMillis) {
        if (mode != Mode.BLUE_GREEN || switched) {
            throw new IllegalStateException(mode != Mode.BLUE_GREEN ? "no blue-green release is running"
                    : "green (" + candidate + ") is already live");
        }
        return new ReleasePlan(mode, champion, candidate, true, nowMillis);
    }

    /** Blue answers every request again. */
    public ReleasePlan switchBack(long nowMillis) {
        if (mode != Mode.BLUE_GREEN || !switched) {
            throw new IllegalStateException(mode != Mode.BLUE_GREEN ? "no blue-green release is running"
                    : "blue (" + champion + ") is already live");
        }
        return new ReleasePlan(mode, champion, candidate, false, nowMillis);
    }

    /** The release ends: what is live now is the champion, alone. */
    public ReleasePlan end(long nowMillis) {
        if (mode == Mode.NONE) {
            throw new IllegalStateException("no release is running");
        }
        return idle(live(), nowMillis);
    }

    /** A serving change outside a release (a promotion, a rollback, a retrained model): the new champion. */
    public ReleasePlan withChampion(String version) {
        return new ReleasePlan(mode, version, candidate, switched, sinceMillis);
    }

    /** The event payload of the transition that led to this plan. */
    public ModelPayload.ReleaseChanged change(String action, String actor, String reason) {
        return new ModelPayload.ReleaseChanged(action, mode.wireName(), champion, candidate, live(), actor, reason);
    }

    private void requireStartable(String version) {
        if (mode != Mode.NONE) {
            throw new IllegalStateException("a " + mode.wireName() + " release of " + candidate
                    + " is running: end it first");
        }
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("name the candidate version");
        }
        if (version.equals(champion)) {
            throw new IllegalStateException(version + " is the champion already");
        }
    }
}
