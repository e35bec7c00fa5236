package io.mercator.recall.projection;

import io.mercator.events.Event;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.InteractionPayload;
import io.mercator.events.projection.Projection;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per user, the listings they most recently clicked, put in their cart or ordered: the interest a
 * user vector is made of. Impressions do not count (being shown is not a choice).
 *
 * <p>A pure function of the log: recency is log order, never a clock, so a replay gives the same
 * lists. A listing interacted with again moves to the front instead of appearing twice; only the
 * newest {@link #DEFAULT_CAPACITY} (by default) are kept. The runner offers each event id once.
 * One thread applies; any thread reads (each user's list is
 * an immutable list swapped whole).
 */
public final class UserInterestProjection implements Projection {

    public static final int DEFAULT_CAPACITY = 20;

    private final int capacity;
    private final ConcurrentHashMap<String, List<String>> recentByUser = new ConcurrentHashMap<>();

    public UserInterestProjection(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    public UserInterestProjection() {
        this(DEFAULT_CAPACITY);
    }

    @Override
    public String id() {
        return "user-interest";
    }

    @Override
    public Future<Void> apply(List<LogRecord> batch) {
        try {
            for (LogRecord r : batch) {
                Event e = r.event();
                if (isInterest(e)) {
                    remember(e.key(), ((InteractionPayload.OnListing) e.data()).listingId());
                }
            }
            return Future.succeededFuture();
        } catch (RuntimeException ex) {
            return Future.failedFuture(ex);
        }
    }

    private static boolean isInterest(Event e) {
        return e.data() instanceof InteractionPayload.Click
                || e.data() instanceof InteractionPayload.AddToCart
                || e.data() instanceof InteractionPayload.Order;
    }

    private void remember(String userId, String listingId) {
        recentByUser.compute(userId, (u, old) -> {
            List<String> next = new ArrayList<>(capacity);
            next.add(listingId);
            if (old != null) {
                for (String l : old) {
                    if (next.size() == capacity) {
                        break;
                    }
                    if (!l.equals(listingId)) {
                        next.add(l);
                    }
                }
            }
            return List.copyOf(next);
        });
    }

    /** The user's recent listings, newest first; empty for a user without interactions. */
    public List<String> recentListings(String userId) {
        return recentByUser.getOrDefault(userId, List.of());
    }

    /** Number of users with at least one interaction. */
    public int userCount() {
        return recentByUser.size();
    }
}
