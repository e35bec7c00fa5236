package io.mercator.nlp.screening;

import io.mercator.events.Event;
import io.mercator.events.EventFamily;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.ListingPayload;
import io.mercator.events.payload.TextPayload;
import io.mercator.events.projection.Projection;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which listings' texts wait for analysis: a projection of the listing events (the text as it is
 * now) and the text events (which text was analysed). A listing waits while its current text has
 * no {@code text.analyzed}; a {@code text.deferred} marks it as waiting because analysis was down.
 * A replay rebuilds it exactly, so the analyses already in the log are never asked for again.
 */
public final class ListingTexts implements Projection {

    /** A listing's text as it stands. */
    public record Text(String listingId, String title, String description, String hash) {
    }

    /**
     * One listing: its text as it stands, and which texts were analysed or deferred. A text event
     * can come before its listing (on Kafka the families are topics read round-robin), so a state
     * exists before it is published, and a removed listing keeps one (without its text) for the
     * text events still to come.
     */
    private static final class State {
        String title;
        String description;
        /** The current text's hash; null before publication and after removal. */
        String hash;
        final Set<String> analyzed = new HashSet<>(2);
        final Set<String> deferred = new HashSet<>(2);

        boolean waiting() {
            return hash != null && !analyzed.contains(hash);
        }

        boolean waitingUndeferred() {
            return waiting() && !deferred.contains(hash);
        }
    }

    /** Listings in publication order, so the oldest waiting text goes first. */
    private final Map<String, State> listings = new LinkedHashMap<>();

    @Override
    public String id() {
        return "text-screening";
    }

    @Override
    public synchronized Future<Void> apply(List<LogRecord> batch) {
        for (LogRecord r : batch) {
            Event e = r.event();
            EventFamily family = e.type().family();
            if (family != EventFamily.LISTING && family != EventFamily.TEXT) {
                continue;
            }
            switch (e.data()) {
                case ListingPayload.Published p -> {
                    // re-inserted, so that publication order holds even when its text events came first
                    State s = listings.remove(e.key());
                    s = s == null ? new State() : s;
                    s.title = p.title();
                    s.description = p.description();
                    s.hash = hash(s.title, s.description);
                    listings.put(e.key(), s);
                }
                case ListingPayload.Updated u -> {
                    State s = listings.get(e.key());
                    if (s != null && s.hash != null && (u.title() != null || u.description() != null)) {
                        s.title = u.title() != null ? u.title() : s.title;
                        s.description = u.description() != null ? u.description() : s.description;
                        s.hash = hash(s.title, s.description);
                    }
                }
                case ListingPayload.Removed ignored -> {
                    State s = listings.get(e.key());
                    if (s != null) {
                        s.title = null;
                        s.description = null;
                        s.hash = null;
                    }
                }
                case TextPayload.Analyzed a -> listings.computeIfAbsent(e.key(), k -> new State()).analyzed.add(a.textHash());
                case TextPayload.Deferred d -> listings.computeIfAbsent(e.key(), k -> new State()).deferred.add(d.textHash());
                default -> {
                    // other listing and text events do not change what waits
                }
            }
        }
        return Future.succeededFuture();
    }

    /** Up to {@code max} listings whose current text has not been analysed, oldest first, skipping {@code skip}. */
    public synchronized List<Text> waiting(int max, Predicate<String> skip) {
        return select(State::waiting, max, skip);
    }

    /** Up to {@code max} waiting listings not yet marked deferred, oldest first, skipping {@code skip}. */
    public synchronized List<Text> waitingUndeferred(int max, Predicate<String> skip) {
        return select(State::waitingUndeferred, max, skip);
    }

    /** How many listings wait for analysis. */
    public synchronized int waitingCount() {
        return (int) listings.values().stream().filter(State::waiting).count();
    }

    /** How many listings wait for analysis and have not been marked deferred (pending review) yet. */
    public synchronized int waitingUndeferredCount() {
        return (int) listings.values().stream().filter(State::waitingUndeferred).count();
    }

    private List<Text> select(Predicate<State> which, int max, Predicate<String> skip) {
        List<Text> out = new ArrayList<>();
        for (Map.Entry<String, State> e : listings.entrySet()) {
            State s = e.getValue();
            if (which.test(s) && !skip.test(e.getKey())) {
                out.add(new Text(e.getKey(), s.title, s.description, s.hash));
                if (out.size() == max) {
                    break;
                }
            }
        }
        return out;
    }

    /** Whether this text needs no analysis any more: analysed, changed since, or the listing removed. */
    public synchronized boolean settled(String listingId, String hash) {
        State s = listings.get(listingId);
        return s == null || s.analyzed.contains(hash) || !Objects.equals(hash, s.hash);
    }

    /** Whether a {@code text.deferred} was written for this text already. */
    public synchronized boolean deferred(String listingId, String hash) {
        State s = listings.get(listingId);
        return s != null && s.deferred.contains(hash);
    }

    /** The hash a text's analysis is recorded under ({@link TextPayload#textHash}). */
    public static String hash(String title, String description) {
        return TextPayload.textHash(title, description);
    }
}
