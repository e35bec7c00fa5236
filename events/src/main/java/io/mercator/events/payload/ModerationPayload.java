package io.mercator.events.payload;

import java.util.Map;

/** Moderation family: keyed by listing id. */
public sealed interface ModerationPayload extends EventPayload {

    /**
     * Something (fraud re-ranker, text analysis, image analysis, a user) flagged the listing.
     *
     * @param reason   in words, for the moderator
     * @param risk     in [0,1]
     * @param source   what flagged it, e.g. {@code ranking-fraud-check}
     * @param kind     fraud, text, image, diversion, prohibited...; null: derived from the source
     * @param evidence what the moderator is shown (findings with text spans, the risk's signals,
     *                 image results), free-form; null for none
     */
    record Flagged(String reason, double risk, String source, String kind, Map<String, Object> evidence)
            implements ModerationPayload {

        public Flagged {
            evidence = evidence == null ? null : Map.copyOf(evidence);
        }

        public Flagged(String reason, double risk, String source) {
            this(reason, risk, source, null, null);
        }
    }

    /**
     * A moderator decided; the last decision on a listing stands.
     *
     * @param decision {@link #APPROVE}, {@link #REMOVE} (the listing) or {@link #BAN_SELLER} (and
     *                 remove the listing)
     * @param reason   why, for the audit trail
     * @param actor    the label of the admin key that decided (never the key); null when not known
     * @param itemId   the moderation queue item decided, if the decision came through the queue
     * @param token    unique per decision request: tells which of two racing decisions applied
     */
    record Decided(String decision, String reason, String actor, String itemId, String token)
            implements ModerationPayload {
        public static final String APPROVE = "approve";
        public static final String REMOVE = "remove";
        public static final String BAN_SELLER = "ban_seller";

        public Decided(String decision) {
            this(decision, null, null, null, null);
        }

        /** Whether the decision takes the listing out of serving. */
        public boolean removes() {
            return REMOVE.equals(decision) || BAN_SELLER.equals(decision);
        }
    }
}
