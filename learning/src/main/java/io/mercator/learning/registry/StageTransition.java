package io.mercator.learning.registry;

import java.util.List;

/**
 * One line of the registry's append-only history: every stage change one action made, applied
 * together (a promotion both archives the old production and installs the new one, so both are
 * in one line and a crash cannot leave two productions or none).
 *
 * @param atMillis when, epoch ms
 * @param action   what was done
 * @param actor    who did it: {@code admin-api}, {@code cli}, {@code canary-monitor}, {@code retraining}, ...
 * @param reason   why, in words
 * @param changes  the stage changes
 */
public record StageTransition(long atMillis, Action action, String actor, String reason, List<StageChange> changes) {

    public StageTransition {
        changes = List.copyOf(changes);
    }

    /** What a transition did; a rollback is told apart so the production stack can be rebuilt from the history. */
    public enum Action {
        /** A new version entered the registry (as staging, production, or archived when the gate refused it). */
        REGISTER,
        /** A staging version became production. */
        PROMOTE,
        /** The previous production came back. */
        ROLLBACK,
        /** A staging version was withdrawn (canary aborted by hand or by the canary monitor). */
        ABORT_CANARY,
        /** A version saved before the registry existed was taken as production. */
        ADOPT,
        /** A blue-green release made a registered version production at once (or switched back). */
        SWITCH
    }
}
