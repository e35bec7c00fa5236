package io.mercator.events.payload;

/** Moderation family: keyed by listing id. */
public sealed interface ModerationPayload extends EventPayload {

    /** Something (fraud re-ranker, text analysis, a user) flagged the listing; risk in [0,1]. */
    record Flagged(String reason, double risk, String source) implements ModerationPayload {
    }

    /** A moderator decided: "approve" or "remove"; the last decision on a listing stands. */
    record Decided(String decision) implements ModerationPayload {
        public static final String APPROVE = "approve";
        public static final String REMOVE = "remove";
    }
}
