package io.mercator.popularity;

import io.mercator.events.Event;
import io.mercator.events.Thailand;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.InteractionPayload;
import io.mercator.events.payload.ListingPayload;
import io.mercator.events.payload.ModerationPayload;
import io.mercator.events.projection.Projection;
import io.mercator.events.projection.AppliedOffsets;
import io.mercator.hydration.store.OnlineStore;
import io.mercator.hydration.store.StoreWrite;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Trending listings globally and popular listings per region, for every fallback to serve from.
 *
 * <p>Each interaction adds its weight (impression 0.02, click 1, cart 3, order 5) decayed by event
 * time with a six-hour half-life. Scores are kept in one reference frame: an event at time t adds
 * {@code w * 2^((t - ref) / halfLife)}, so comparing stored scores compares decayed scores as of
 * any common time, and nothing is touched as time passes. When event time runs far from
 * {@code ref}, every score is rescaled to a new reference so the exponent cannot overflow.
 * Only listings seen published, not removed and in stock are ranked; the region is the one of the
 * listing's province, tracked from listing events here so this module needs no catalog.
 *
 * <p>The ranked lists are rebuilt at the end of an apply batch when something changed and at
 * least {@link #DEFAULT_REFRESH_EVENTS} events or a minute of event time passed since the last
 * rebuild (so a tailing runner with tiny batches does not re-rank on every batch), and on
 * {@link #refreshNow()}. All of it depends on the events and the batches only, never on a clock.
 */
public final class PopularityProjection implements Projection {

    public static final String GLOBAL_KEY = "popular:global";
    public static final int GLOBAL_SIZE = 500;
    public static final int REGION_SIZE = 200;
    public static final long HALF_LIFE_MS = 6 * 3_600_000L;
    public static final int DEFAULT_REFRESH_EVENTS = 20_000;
    static final long REFRESH_EVENT_TIME_MS = 60_000;
    /** Rescale once event time is this many half-lives past the reference (2^64 is far from overflow). */
    private static final long REBASE_AFTER_MS = 64 * HALF_LIFE_MS;

    static final double IMPRESSION_WEIGHT = 0.02, CLICK_WEIGHT = 1, CART_WEIGHT = 3, ORDER_WEIGHT = 5;

    private static final Comparator<Item> BEST_FIRST =
            Comparator.comparingDouble((Item i) -> i.score).reversed().thenComparing(i -> i.id);

    public static String regionKey(Thailand.Region region) {
        return "popular:region:" + region.name();
    }

    private final OnlineStore store;
    /** A retry after a failed write must not count the batch's events again. */
    private final AppliedOffsets inMemory = new AppliedOffsets();
    private final int refreshEvents;
    private final Map<String, Item> items = new HashMap<>();
    private long ref = Long.MIN_VALUE;
    private long watermark = Long.MIN_VALUE;
    private boolean dirty;
    private int eventsSinceRefresh;
    private long lastRefreshAt = Long.MIN_VALUE;

    public PopularityProjection(OnlineStore store) {
        this(store, DEFAULT_REFRESH_EVENTS);
    }

    /** @param refreshEvents events after which a batch end always re-ranks */
    public PopularityProjection(OnlineStore store, int refreshEvents) {
        this.store = store;
        this.refreshEvents = refreshEvents;
    }

    @Override
    public String id() {
        return "popularity";
    }

    @Override
    public Future<Void> apply(List<LogRecord> batch) {
        try {
            List<LogRecord> fresh = inMemory.notYetApplied(batch);
            for (LogRecord r : fresh) {
                applyOne(r.event());
                eventsSinceRefresh++;
            }
            inMemory.applied(fresh);
            boolean due = eventsSinceRefresh >= refreshEvents
                    || lastRefreshAt == Long.MIN_VALUE || watermark - lastRefreshAt >= REFRESH_EVENT_TIME_MS;
            return dirty && due ? refreshNow() : Future.succeededFuture();
        } catch (RuntimeException ex) {
            return Future.failedFuture(ex);
        }
    }

    /** Re-ranks and writes every list now, whatever the cadence; for shutdown and tests. */
    public Future<Void> refreshNow() {
        dirty = false;
        eventsSinceRefresh = 0;
        lastRefreshAt = watermark;
        return store.write(rankedLists()).recover(e -> {
            // the runner retries the batch, whose events are already counted: re-rank and write then
            dirty = true;
            lastRefreshAt = Long.MIN_VALUE;
            return Future.failedFuture(e);
        });
    }

    private void applyOne(Event e) {
        if (e.ts() > watermark) {
            watermark = e.ts();
        }
        switch (e.data()) {
            case InteractionPayload.Impression i -> score(i.listingId(), IMPRESSION_WEIGHT, e.ts());
            case InteractionPayload.Impressions list -> {
                for (InteractionPayload.Impressions.Shown s : list.items()) {
                    score(s.listingId(), IMPRESSION_WEIGHT, e.ts());
                }
            }
            case InteractionPayload.Click c -> score(c.listingId(), CLICK_WEIGHT, e.ts());
            case InteractionPayload.AddToCart c -> score(c.listingId(), CART_WEIGHT, e.ts());
            case InteractionPayload.Order o -> score(o.listingId(), ORDER_WEIGHT, e.ts());
            case ListingPayload.Published p -> {
                Item item = item(e.key());
                item.region = Thailand.province(p.province()).map(Thailand.Province::region).orElse(null);
                item.stock = p.stock();
                item.removed = false;
                item.published = true;
                dirty = true;
            }
            case ListingPayload.Updated u -> {
                if (u.stock() != null) {
                    item(e.key()).stock = u.stock();
                    dirty = true;
                }
            }
            case ListingPayload.Removed ignored -> {
                item(e.key()).removed = true;
                dirty = true;
            }
            case ModerationPayload.Decided d -> {
                // the last decision stands: an approval after a removal brings the listing back
                item(e.key()).moderated = d.removes();
                dirty = true;
            }
            default -> {
                // sellers, users, boosts and overrides do not change popularity
            }
        }
    }

    private void score(String listingId, double weight, long ts) {
        if (weight == 0) {
            return;
        }
        if (ref == Long.MIN_VALUE) {
            ref = Math.floorDiv(ts, HALF_LIFE_MS) * HALF_LIFE_MS;
        } else if (watermark - ref > REBASE_AFTER_MS) {
            rebase(Math.floorDiv(watermark, HALF_LIFE_MS) * HALF_LIFE_MS);
        }
        item(listingId).score += weight * Math.pow(2, (double) (ts - ref) / HALF_LIFE_MS);
        dirty = true;
    }

    private void rebase(long newRef) {
        double scale = Math.pow(2, -(double) (newRef - ref) / HALF_LIFE_MS);
        for (Item i : items.values()) {
            i.score *= scale;
        }
        ref = newRef;
    }

    private Item item(String id) {
        Item i = items.get(id);
        if (i == null) {
            i = new Item(id);
            items.put(id, i);
        }
        return i;
    }

    private List<StoreWrite> rankedLists() {
        TopK global = new TopK(GLOBAL_SIZE);
        Map<Thailand.Region, TopK> regions = new EnumMap<>(Thailand.Region.class);
        for (Thailand.Region r : Thailand.Region.values()) {
            regions.put(r, new TopK(REGION_SIZE));
        }
        for (Item i : items.values()) {
            if (i.published && !i.removed && !i.moderated && i.stock > 0 && i.score > 0 && i.region != null) {
                global.offer(i);
                regions.get(i.region).offer(i);
            }
        }
        List<StoreWrite> writes = new ArrayList<>(1 + regions.size());
        writes.add(new StoreWrite.ReplaceList(GLOBAL_KEY, global.bestFirst()));
        for (Map.Entry<Thailand.Region, TopK> e : regions.entrySet()) {
            writes.add(new StoreWrite.ReplaceList(regionKey(e.getKey()), e.getValue().bestFirst()));
        }
        return writes;
    }

    /** The k best items seen, kept in a min-heap whose head is the worst of them. */
    private static final class TopK {
        private final int k;
        private final PriorityQueue<Item> heap;

        TopK(int k) {
            this.k = k;
            this.heap = new PriorityQueue<>(k + 1, BEST_FIRST.reversed());
        }

        void offer(Item i) {
            if (heap.size() < k) {
                heap.add(i);
            } else if (BEST_FIRST.compare(i, heap.peek()) < 0) {
                heap.poll();
                heap.add(i);
            }
        }

        List<String> bestFirst() {
            List<Item> sorted = new ArrayList<>(heap);
            sorted.sort(BEST_FIRST);
            List<String> ids = new ArrayList<>(sorted.size());
            for (Item i : sorted) {
                ids.add(i.id);
            }
            return ids;
        }
    }

    private static final class Item {
        final String id;
        double score;
        Thailand.Region region;
        int stock;
        boolean published;
        boolean removed;
        /** A moderator's last decision took it down. */
        boolean moderated;

        Item(String id) {
            this.id = id;
        }
    }
}
