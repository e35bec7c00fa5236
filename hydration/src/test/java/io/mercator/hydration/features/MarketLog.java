package io.mercator.hydration.features;

import io.mercator.events.Event;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.AdminPayload;
import io.mercator.events.payload.EventPayload;
import io.mercator.events.payload.InteractionPayload;
import io.mercator.events.payload.ListingPayload;

import java.util.ArrayList;
import java.util.List;

/**
 * A hand-built event log for projection tests: each call appends one record with the next offset
 * and a fresh event id. Shared with the fallback module through the test-jar.
 */
public final class MarketLog {

    public static final long T0 = 1_750_000_000_000L;
    private static final LogPartition PART = new LogPartition("events", 0);

    private final List<LogRecord> records = new ArrayList<>();

    public LogRecord add(String key, long ts, EventPayload data) {
        LogRecord r = new LogRecord(PART, records.size(), Event.of("ev-" + records.size(), ts, key, data));
        records.add(r);
        return r;
    }

    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** The records added since {@code from} (an index into the log). */
    public List<LogRecord> since(int from) {
        return List.copyOf(records.subList(from, records.size()));
    }

    public int size() {
        return records.size();
    }

    public static ListingPayload.Published listing(String seller, String category, double price, int stock,
                                                   String province) {
        return new ListingPayload.Published(seller, "iPhone 13 มือสอง", "สภาพดี แบตเตอรี่ 90% มีกล่อง", "th", category,
                price, "good", stock, List.of("p/1.jpg", "p/2.jpg", "p/3.jpg"), province, 13.75, 100.50);
    }

    public static InteractionPayload.Impression feedImpression(String listingId) {
        return new InteractionPayload.Impression("r1", "feed", null, listingId, 1, "m1", "ios", null);
    }

    public static InteractionPayload.Impression searchImpression(String listingId, String query) {
        return new InteractionPayload.Impression("r1", "search", query, listingId, 1, "m1", "android", null);
    }

    /** One served list of the listings, at positions 1.., without features. */
    public static InteractionPayload.Impressions servedList(String surface, String query, String... listingIds) {
        List<InteractionPayload.Impressions.Shown> items = new ArrayList<>();
        for (int i = 0; i < listingIds.length; i++) {
            items.add(new InteractionPayload.Impressions.Shown(listingIds[i], i + 1, null));
        }
        return new InteractionPayload.Impressions("r1", surface, query, "m1", "ios", null, items);
    }

    public static InteractionPayload.Click click(String listingId) {
        return new InteractionPayload.Click("r1", listingId);
    }

    public static InteractionPayload.AddToCart cart(String listingId) {
        return new InteractionPayload.AddToCart("r1", listingId, 1);
    }

    public static InteractionPayload.Order order(String listingId, double amount) {
        return new InteractionPayload.Order("r1", listingId, 1, amount);
    }

    public static AdminPayload.Override admin(AdminPayload.Action action) {
        return new AdminPayload.Override(action, null, "ops");
    }

    public static AdminPayload.Override lift(AdminPayload.Action lifted) {
        return new AdminPayload.Override(AdminPayload.Action.LIFT, lifted, "ops");
    }
}
