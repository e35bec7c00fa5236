package io.mercator.events.payload;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Admin family: keyed by the override's target (listing id, category slug or seller id). */
public sealed interface AdminPayload extends EventPayload {

    /** What an override does to its target. */
    enum Action {
        /** Put the listing into the sponsored slots regardless of campaigns. */
        @JsonProperty("force_boost_listing") FORCE_BOOST_LISTING,
        /** Stop serving every listing of the category. */
        @JsonProperty("ban_category") BAN_CATEGORY,
        /** Stop serving every listing of the seller. */
        @JsonProperty("ban_seller") BAN_SELLER,
        /** Undo the earlier override named by {@code lifts} on the same target. */
        @JsonProperty("lift") LIFT
    }

    /**
     * An operator's override.
     *
     * @param action what to do
     * @param lifts  for {@link Action#LIFT}: the action being lifted; otherwise null
     * @param reason why, for the audit trail
     * @param actor  the label of the admin key that asked (never the key); null when not known
     */
    record Override(Action action, Action lifts, String reason, String actor) implements AdminPayload {
        public Override(Action action, Action lifts, String reason) {
            this(action, lifts, reason, null);
        }
    }

    /**
     * One admin action, for the audit trail: keyed by its target.
     *
     * @param actor  the label of the admin key (never the key)
     * @param role   the key's role
     * @param action what was done, e.g. {@code model.promote}, {@code moderation.decide}
     * @param target what it was done to (a model version, a queue item, a listing...)
     * @param reason the reason given, if any
     * @param status the HTTP status the action was answered with
     */
    record Audit(String actor, String role, String action, String target, String reason, int status)
            implements AdminPayload {
    }
}
