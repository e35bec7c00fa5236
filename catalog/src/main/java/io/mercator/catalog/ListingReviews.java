package io.mercator.catalog;

import io.mercator.events.payload.TextPayload;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What text analysis and moderators said of each listing, kept beside the listings so that the
 * order in which the log's families arrive does not matter.
 *
 * <p>On Kafka each family is a topic of its own, and a projection reads them round-robin: a
 * {@code text.analyzed} or a {@code moderation.decided} can be applied before the
 * {@code listing.published} it is about (live, when the catalog's read of the listing topic lags
 * the screener; the runner's time-ordered merge keeps replays close to the events' order, but a
 * read round can still take a later event of one topic before an earlier one of another). Applied
 * to the listing directly, such a fact found no listing and was lost: a screened listing stayed
 * unchecked (seen in {@code TextServiceRemoteTest}), and a held one could come back after a restart.
 * Here each fact is kept whenever it comes, and a listing's standing is worked out from all of them:
 * <ul>
 *   <li>its text: the analysis of the text as it stands (by {@link TextPayload#textHash}), held
 *       until a later decision; else a hold of an earlier text still in force; else pending review
 *       if this text was deferred; else unchecked;</li>
 *   <li>removed by moderation: the last decision on it said so;</li>
 *   <li>updated at: its own last change, or the last decision when that is later.</li>
 * </ul>
 * A decision ends a hold that came before it: earlier by the events' times, or applied before it
 * (the moderation topic keeps a listing's decisions in order).
 *
 * <p>Used by every projection that withholds listings (the catalog, the recall index); touched by
 * the projection's applying thread only.
 */
public final class ListingReviews {

    private record Analysis(long ts, long seq, boolean hold) {
    }

    private static final class Facts {
        final Map<String, Analysis> analyses = new HashMap<>(2);
        final Set<String> deferred = new HashSet<>(2);
        boolean decided;
        long decidedTs;
        long decidedSeq;
        boolean removes;
        boolean bansSeller;

        /** Whether a decision came after this analysis. */
        boolean decidedAfter(Analysis a) {
            return decided && (decidedTs >= a.ts() || decidedSeq > a.seq());
        }
    }

    private final Map<String, Facts> byListing = new HashMap<>();
    private long seq;

    public void analyzed(String listingId, String textHash, long ts, boolean hold) {
        facts(listingId).analyses.put(textHash, new Analysis(ts, ++seq, hold));
    }

    public void deferred(String listingId, String textHash) {
        facts(listingId).deferred.add(textHash);
    }

    public void decided(String listingId, boolean removes, boolean bansSeller, long ts) {
        Facts f = facts(listingId);
        f.decided = true;
        f.decidedTs = ts;
        f.decidedSeq = ++seq;
        f.removes = removes;
        f.bansSeller |= bansSeller;
    }

    /** Whether a moderator banned the seller in a decision on this listing. */
    public boolean bansSeller(String listingId) {
        Facts f = byListing.get(listingId);
        return f != null && f.bansSeller;
    }

    /** The listing with its text check and moderation removal as every fact so far says. */
    Listing standing(Listing l) {
        Facts f = byListing.get(l.id());
        if (f == null) {
            return l; // nothing said of it yet: as published
        }
        return l.withReview(f.decided && f.removes, textCheck(f, TextPayload.textHash(l.title(), l.description())),
                f.decided ? Math.max(l.updatedAt(), f.decidedTs) : l.updatedAt());
    }

    /**
     * Whether serving withholds the listing with this text: removed by a moderator's last decision,
     * or held by text analysis.
     */
    public boolean withheld(String listingId, String title, String description) {
        Facts f = byListing.get(listingId);
        return f != null && (f.decided && f.removes
                || textCheck(f, TextPayload.textHash(title, description)) == TextCheck.HELD);
    }

    private static TextCheck textCheck(Facts f, String currentHash) {
        Analysis current = f.analyses.get(currentHash);
        if (current != null) {
            return current.hold() && !f.decidedAfter(current) ? TextCheck.HELD : TextCheck.CHECKED;
        }
        // a held listing stays held when its text changes, until the new text is analysed or a moderator decides
        Analysis latest = null;
        for (Analysis a : f.analyses.values()) {
            if (latest == null || a.seq() > latest.seq()) {
                latest = a;
            }
        }
        if (latest != null && latest.hold() && !f.decidedAfter(latest)) {
            return TextCheck.HELD;
        }
        return f.deferred.contains(currentHash) ? TextCheck.PENDING_REVIEW : TextCheck.UNCHECKED;
    }

    private Facts facts(String listingId) {
        return byListing.computeIfAbsent(listingId, k -> new Facts());
    }
}
