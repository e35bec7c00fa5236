package io.mercator.nlp.screening;

import io.mercator.events.Event;
import io.mercator.events.EventFamily;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.ListingPayload;
import io.mercator.events.payload.TextPayload;
import io.mercator.events.projection.Projection;
import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

    private static final class State {
        String title;
        String description;
        String hash;
        String analyzedHash;
        String deferredHash;

        boolean waiting() {
            return !Objects.equals(hash, analyzedHash);
        }

        boolean waitingUndeferred() {
            return waiting() && !Objects.equals(hash, deferredHash);
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
                    State s = new State();
                    s.title = p.title();
                    s.description = p.description();
                    s.hash = hash(s.title, s.description);
                    listings.put(e.key(), s);
                }
                case ListingPayload.Updated u -> {
                    State s = listings.get(e.key());
                    if (s != null && (u.title() != null || u.description() != null)) {
                        s.title = u.title() != null ? u.title() : s.title;
                        s.description = u.description() != null ? u.description() : s.description;
                        s.hash = hash(s.title, s.description);
                    }
                }
                case ListingPayload.Removed ignored -> listings.remove(e.key());
                case TextPayload.Analyzed a -> {
                    State s = listings.get(e.key());
                    if (s != null) {
                        s.analyzedHash = a.textHash();
                    }
                }
                case TextPayload.Deferred d -> {
                    State s = listings.get(e.key());
                    if (s != null) {
                        s.deferredHash = d.textHash();
                    }
                }
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
        return s == null || Objects.equals(hash, s.analyzedHash) || !Objects.equals(hash, s.hash);
    }

    /** Whether a {@code text.deferred} was written for this text already. */
    public synchronized boolean deferred(String listingId, String hash) {
        State s = listings.get(listingId);
        return s != null && Objects.equals(hash, s.deferredHash);
    }

    /** The hash a text's analysis is recorded under: the first 16 hex digits of SHA-256 over title and description. */
    public static String hash(String title, String description) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(String.valueOf(title).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(String.valueOf(description).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
