package io.mercator.moderation;

import io.mercator.events.Event;
import io.mercator.events.EventFamily;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.ModerationPayload;
import io.mercator.events.projection.Projection;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The moderation queue, as the log says: a projection of {@code moderation.flagged} and
 * {@code moderation.decided}. A flag on a listing opens an item, or joins the listing's open one;
 * a decision closes it. The first decision on an item stands (a second one, a race between two
 * moderators, changes nothing: the HTTP side answers it with 409 and the first decision). A
 * decision that names no item (one posted as a raw event) closes the listing's open item, or is
 * kept as an item of its own.
 *
 * <p>One thread applies (the projection runner's), any number read: items are immutable records
 * in concurrent maps, so a reader sees an item before or after a change, never half of one. No
 * clock is read; ages are computed by the reader against its own time.
 */
public final class ModerationQueue implements Projection {

    /** Where each source's flags go when the flag names no kind. */
    private static final Map<String, String> KIND_OF_SOURCE = Map.of(
            "ranking-fraud-check", "fraud", "text-analysis", "text", "image-analysis", "image");

    private final ConcurrentHashMap<String, QueueItem> items = new ConcurrentHashMap<>();
    /** Items oldest first: (opened at, id). */
    private final ConcurrentSkipListMap<Key, String> byAge = new ConcurrentSkipListMap<>(
            Comparator.comparingLong(Key::openedAt).thenComparing(Key::id));
    /** Per listing: its open item's id, and how many items it ever had. Applying thread only. */
    private final Map<String, String> openByListing = new java.util.HashMap<>();
    private final Map<String, Integer> itemsByListing = new java.util.HashMap<>();

    private record Key(long openedAt, String id) {
    }

    @Override
    public String id() {
        return "moderation-queue";
    }

    @Override
    public Future<Void> apply(List<LogRecord> batch) {
        try {
            for (LogRecord r : batch) {
                Event e = r.event();
                if (e.type().family() == EventFamily.MODERATION) {
                    switch (e.data()) {
                        case ModerationPayload.Flagged f -> flagged(e, f);
                        case ModerationPayload.Decided d -> decided(e, d);
                        default -> {
                            // no other moderation events
                        }
                    }
                }
            }
            return Future.succeededFuture();
        } catch (RuntimeException ex) {
            return Future.failedFuture(ex);
        }
    }

    private void flagged(Event e, ModerationPayload.Flagged f) {
        String kind = f.kind() != null ? f.kind() : KIND_OF_SOURCE.getOrDefault(f.source(), "other");
        QueueItem.Flag flag = new QueueItem.Flag(f.source(), kind, f.reason(), f.risk(), e.ts(), f.evidence());
        String open = openByListing.get(e.key());
        if (open != null) {
            items.computeIfPresent(open, (id, item) -> item.withFlag(flag));
        } else {
            QueueItem item = open(e.key(), e.ts(), List.of(flag));
            openByListing.put(e.key(), item.id());
        }
    }

    private void decided(Event e, ModerationPayload.Decided d) {
        QueueItem.Decision decision = new QueueItem.Decision(d.decision(), d.reason(), d.actor(), e.ts(), d.token());
        String target = d.itemId() != null && items.containsKey(d.itemId()) ? d.itemId() : openByListing.get(e.key());
        if (target == null) {
            target = open(e.key(), e.ts(), List.of()).id();
        }
        QueueItem item = items.get(target);
        if (item.state() == QueueItem.State.DECIDED) {
            return; // the first decision stands
        }
        items.put(target, item.decided(decision));
        openByListing.remove(e.key(), target);
    }

    private QueueItem open(String listingId, long at, List<QueueItem.Flag> flags) {
        int n = itemsByListing.merge(listingId, 1, Integer::sum);
        QueueItem item = new QueueItem(listingId + "~" + n, listingId, QueueItem.State.PENDING, at, flags, null);
        items.put(item.id(), item);
        byAge.put(new Key(at, item.id()), item.id());
        return item;
    }

    public Optional<QueueItem> item(String id) {
        return Optional.ofNullable(items.get(id));
    }

    /**
     * A page of the items the query matches, highest {@code priority} first (ties oldest first):
     * the order of active learning, where a label is worth most on a listing the model is least
     * sure of and many buyers see. Sorts every match: for a moderator's page, not a hot path.
     */
    public QueuePage page(QueueQuery q, long nowMillis, java.util.function.ToDoubleFunction<QueueItem> priority) {
        List<QueueItem> all = new ArrayList<>();
        for (String id : byAge.values()) {
            QueueItem item = items.get(id);
            if (item != null && matches(item, q, nowMillis)) {
                all.add(item);
            }
        }
        // stable: items of equal priority stay oldest first
        all.sort(Comparator.comparingDouble(priority).reversed());
        int from = (int) Math.min(all.size(), (long) q.page() * q.size());
        return new QueuePage(List.copyOf(all.subList(from, Math.min(all.size(), from + q.size()))), all.size(), q.page(),
                q.size());
    }

    /** A page of the items the query matches, oldest first; ages are measured against {@code nowMillis}. */
    public QueuePage page(QueueQuery q, long nowMillis) {
        List<QueueItem> out = new ArrayList<>(q.size());
        int total = 0;
        long skip = (long) q.page() * q.size();
        for (String id : byAge.values()) {
            QueueItem item = items.get(id);
            if (item == null || !matches(item, q, nowMillis)) {
                continue;
            }
            if (total >= skip && out.size() < q.size()) {
                out.add(item);
            }
            total++;
        }
        return new QueuePage(out, total, q.page(), q.size());
    }

    private static boolean matches(QueueItem item, QueueQuery q, long now) {
        long age = Math.max(0, now - item.openedAt()); // an event time ahead of our clock counts as new
        return (q.state() == null || item.state() == q.state())
                && (q.kind() == null || item.kinds().contains(q.kind()))
                && age >= q.minAgeMillis() && age <= q.maxAgeMillis();
    }

    /** Pending items by kind (an item with two kinds counts in both), for meters and the console. */
    public Map<String, Integer> pendingByKind() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        for (QueueItem item : items.values()) {
            if (item.state() == QueueItem.State.PENDING) {
                item.kinds().forEach(k -> out.merge(k, 1, Integer::sum));
            }
        }
        return out;
    }
}
