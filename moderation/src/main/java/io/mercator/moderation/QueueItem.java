package io.mercator.moderation;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One thing for a moderator to decide: a listing, with every flag raised on it since it was last
 * decided. Immutable; the queue replaces an item whole when a flag or a decision arrives.
 *
 * @param id        {@code <listing id>~<n>} (URL-safe as it is), the n-th item opened on the listing
 * @param listingId the listing
 * @param state     pending until decided
 * @param openedAt  event time of the first flag, epoch ms
 * @param flags     the flags, oldest first
 * @param decision  the decision; null while pending
 */
public record QueueItem(String id, String listingId, State state, long openedAt, List<Flag> flags,
                        Decision decision) {

    public enum State {
        PENDING, DECIDED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** {@code pending} or {@code decided}; empty for anything else. */
        public static java.util.Optional<State> of(String wire) {
            for (State s : values()) {
                if (s.wireName().equals(wire)) {
                    return java.util.Optional.of(s);
                }
            }
            return java.util.Optional.empty();
        }
    }

    /**
     * A flag raised on the listing.
     *
     * @param source   what raised it, e.g. {@code ranking-fraud-check}
     * @param kind     fraud, text, image, diversion, prohibited...
     * @param reason   in words
     * @param risk     in [0,1]
     * @param at       event time, epoch ms
     * @param evidence what the moderator is shown (signals, findings with text spans...)
     */
    public record Flag(String source, String kind, String reason, double risk, long at, Map<String, Object> evidence) {
        public Flag {
            evidence = evidence == null ? Map.of() : evidence;
        }
    }

    /**
     * A moderator's decision.
     *
     * @param decision approve, remove or ban_seller
     * @param reason   why
     * @param actor    the label of the admin key that decided
     * @param at       event time, epoch ms
     * @param token    unique per decision request
     */
    public record Decision(String decision, String reason, String actor, long at, String token) {
    }

    public QueueItem {
        flags = List.copyOf(flags);
    }

    /** The kinds of its flags, sorted. */
    public Set<String> kinds() {
        Set<String> out = new TreeSet<>();
        flags.forEach(f -> out.add(f.kind()));
        return out;
    }

    /** The highest risk any flag gave it; 0 without flags. */
    public double risk() {
        return flags.stream().mapToDouble(Flag::risk).max().orElse(0);
    }

    QueueItem withFlag(Flag f) {
        List<Flag> more = new java.util.ArrayList<>(flags);
        more.add(f);
        return new QueueItem(id, listingId, state, openedAt, more, decision);
    }

    QueueItem decided(Decision d) {
        return new QueueItem(id, listingId, State.DECIDED, openedAt, flags, d);
    }
}
