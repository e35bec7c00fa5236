package io.mercator.events;

import io.mercator.events.payload.AdminPayload;
import io.mercator.events.payload.BoostPayload;
import io.mercator.events.payload.EventPayload;
import io.mercator.events.payload.InteractionPayload;
import io.mercator.events.payload.ListingPayload;
import io.mercator.events.payload.ModelPayload;
import io.mercator.events.payload.ModerationPayload;
import io.mercator.events.payload.TextPayload;
import io.mercator.events.payload.ChatPayload;
import io.mercator.events.payload.SellerPayload;
import io.mercator.events.payload.UserPayload;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Valid sample events for tests, one per {@link EventType}, all about listing {@link #LISTING}
 * (which the sample directory knows), seller {@link #SELLER} and user {@link #USER}.
 */
public final class TestEvents {

    public static final String LISTING = "L-1";
    public static final String SELLER = "S-1";
    public static final String USER = "U-1";
    /** 2024-06-01T00:00:00Z: after the marketplace started, before any test clock. */
    public static final long TS = 1_717_200_000_000L;

    private TestEvents() {
    }

    public static ListingPayload.Published published() {
        return new ListingPayload.Published(SELLER, "iPhone 13 มือสอง", "สภาพดี แบต 89%", "th", "mobile-phones",
                12_500, "good", 1, List.of("p/1.jpg", "p/2.jpg"), "Bangkok", 13.7563, 100.5018);
    }

    /** The payload of every event type, with the key its family is keyed by. */
    public static Map<EventType, Map.Entry<String, EventPayload>> everyType() {
        Map<EventType, Map.Entry<String, EventPayload>> all = new java.util.EnumMap<>(EventType.class);
        all.put(EventType.LISTING_PUBLISHED, Map.entry(LISTING, published()));
        all.put(EventType.LISTING_UPDATED, Map.entry(LISTING,
                new ListingPayload.Updated(11_900.0, null, null, "ลดราคา", null)));
        all.put(EventType.LISTING_REMOVED, Map.entry(LISTING, new ListingPayload.Removed("sold")));
        all.put(EventType.LISTING_PHOTO_ANALYZED, Map.entry(LISTING, new ListingPayload.PhotoAnalyzed("ph-1", SELLER,
                List.of("8f3a0c1e22b4d5f6", "8f3a0c1e22b4d5f7", "8f3a0c1e22b4d5e6"), "AQID", "shoes", 0.93, 0.01, List.of(),
                0.99, List.of(), "v-1")));
        all.put(EventType.SELLER_KYC_CHECKED, Map.entry(SELLER, new SellerPayload.KycChecked("ab12", 0.97, 0.9, "match",
                List.of("one face in each photo"), "f-1")));
        all.put(EventType.SELLER_REGISTERED, Map.entry(SELLER, new SellerPayload.Registered("Chiang Mai")));
        all.put(EventType.SELLER_VERIFIED, Map.entry(SELLER, new SellerPayload.Verified("e-kyc")));
        all.put(EventType.SELLER_REPORTED, Map.entry(SELLER, new SellerPayload.Reported("no show", LISTING)));
        all.put(EventType.SELLER_BANNED, Map.entry(SELLER, new SellerPayload.Banned("fraud")));
        all.put(EventType.USER_PROFILE, Map.entry(USER,
                new UserPayload.Profile("25-34", "f", 18.79, 98.98, 50)));
        all.put(EventType.IMPRESSION, Map.entry(USER, new InteractionPayload.Impression("r-1", "search", "iphone",
                LISTING, 3, "ltr-7", "android",
                io.mercator.events.payload.FeatureValues.of(List.of("ctr_7d", "distance_km"), new double[] {0.031, 4.5}))));
        all.put(EventType.IMPRESSIONS, Map.entry(USER, impressions("r-2", LISTING)));
        all.put(EventType.CLICK, Map.entry(USER, new InteractionPayload.Click("r-1", LISTING)));
        all.put(EventType.ADD_TO_CART, Map.entry(USER, new InteractionPayload.AddToCart("r-1", LISTING, 1)));
        all.put(EventType.ORDER, Map.entry(USER, new InteractionPayload.Order("r-1", LISTING, 1, 11_900)));
        all.put(EventType.BOOST_CAMPAIGN_STARTED, Map.entry(LISTING,
                new BoostPayload.CampaignStarted("c-1", 500, 2.5, TS + 86_400_000L)));
        all.put(EventType.BOOST_BUDGET_CHANGED, Map.entry(LISTING, new BoostPayload.BudgetChanged("c-1", 800)));
        all.put(EventType.BOOST_SPEND, Map.entry(LISTING, new BoostPayload.Spend("c-1", 2.5)));
        all.put(EventType.ADMIN_OVERRIDE, Map.entry("amulets",
                new AdminPayload.Override(AdminPayload.Action.BAN_CATEGORY, null, "counterfeits")));
        all.put(EventType.MODERATION_FLAGGED, Map.entry(LISTING, new ModerationPayload.Flagged("price far below median", 0.8, "fraud")));
        all.put(EventType.MODERATION_DECIDED, Map.entry(LISTING, new ModerationPayload.Decided("approve")));
        all.put(EventType.ADMIN_AUDIT, Map.entry("m-1", new AdminPayload.Audit("ops-oncall", "admin",
                "model.promote", "m-1", "better NDCG", 200)));
        all.put(EventType.TEXT_ANALYZED, Map.entry(LISTING, new TextPayload.Analyzed("h-1", 0.2, "review", "th",
                Map.of("diversion", 0.8), List.of(new TextPayload.TextFinding("diversion", "line_id", "description", 3, 12,
                        "ไลน์ shop99", 0.8)), "t-1", false)));
        all.put(EventType.TEXT_DEFERRED, Map.entry(LISTING, new TextPayload.Deferred("h-1", "timeout")));
        all.put(EventType.CHAT_SUGGESTION_USED, Map.entry(LISTING, new ChatPayload.SuggestionUsed("availability.th.1",
                "availability", "th")));
        all.put(EventType.MODEL_RELEASE, Map.entry("ranker", new ModelPayload.ReleaseChanged("shadow_started", "shadow",
                "m-1", "m-2", "m-1", "ops-oncall", "compare before switching")));
        all.put(EventType.MODEL_SHADOW_SCORED, Map.entry("ranker", new ModelPayload.ShadowScored("r-1", "m-1", "m-2",
                List.of(LISTING, "L-2"), new double[] {0.3, 0.1}, new double[] {0.25, 0.2}, 1.0)));
        if (all.size() != EventType.values().length) {
            throw new AssertionError("a new event type needs a sample here");
        }
        return all;
    }

    /** A served list of the given listings at positions 1.., each with two feature values. */
    public static InteractionPayload.Impressions impressions(String requestId, String... listings) {
        List<InteractionPayload.Impressions.Shown> items = new ArrayList<>();
        for (int i = 0; i < listings.length; i++) {
            items.add(new InteractionPayload.Impressions.Shown(listings[i], i + 1, new double[] {0.02 * (i + 1), 4.5}));
        }
        return new InteractionPayload.Impressions(requestId, "feed", null, "ltr-7", "ios",
                List.of("ctr_7d", "distance_km"), items);
    }

    /** One valid event of every type, in declaration order (so the listing is published first). */
    public static List<Event> oneOfEveryType() {
        List<Event> out = new ArrayList<>();
        int n = 0;
        for (Map.Entry<EventType, Map.Entry<String, EventPayload>> e : everyType().entrySet()) {
            out.add(Event.of("ev-" + (n++), TS + n, e.getValue().getKey(), e.getValue().getValue()));
        }
        return out;
    }

    /** A small interaction event; {@code seq} is kept in the request id so tests can check order. */
    public static Event click(String id, String key, long seq) {
        return Event.of(id, TS + seq, key, new InteractionPayload.Click(Long.toString(seq), LISTING));
    }

    /** The sequence number a {@link #click} carries. */
    public static long seqOf(Event e) {
        return Long.parseLong(e.payload(InteractionPayload.Click.class).requestId());
    }
}
