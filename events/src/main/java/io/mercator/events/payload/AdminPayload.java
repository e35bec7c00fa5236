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
     */
    record Override(Action action, Action lifts, String reason) implements AdminPayload {
    }
}
