package io.mercator.events;

import io.mercator.events.payload.AdminPayload;
import io.mercator.events.payload.BoostPayload;
import io.mercator.events.payload.ChatPayload;
import io.mercator.events.payload.EventPayload;
import io.mercator.events.payload.InteractionPayload;
import io.mercator.events.payload.ListingPayload;
import io.mercator.events.payload.ModelPayload;
import io.mercator.events.payload.ModerationPayload;
import io.mercator.events.payload.SellerPayload;
import io.mercator.events.payload.TextPayload;
import io.mercator.events.payload.UserPayload;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every event type Mercator knows, with its wire name, family, payload class and current schema
 * version. Adding a type means adding a payload record and a constant here; the codec and the
 * validation gate pick it up from this table.
 */
public enum EventType {
    LISTING_PUBLISHED("listing.published", EventFamily.LISTING, ListingPayload.Published.class),
    LISTING_UPDATED("listing.updated", EventFamily.LISTING, ListingPayload.Updated.class),
    LISTING_REMOVED("listing.removed", EventFamily.LISTING, ListingPayload.Removed.class),
    LISTING_PHOTO_ANALYZED("listing.photo_analyzed", EventFamily.LISTING, ListingPayload.PhotoAnalyzed.class),

    SELLER_REGISTERED("seller.registered", EventFamily.SELLER, SellerPayload.Registered.class),
    SELLER_VERIFIED("seller.verified", EventFamily.SELLER, SellerPayload.Verified.class),
    SELLER_REPORTED("seller.reported", EventFamily.SELLER, SellerPayload.Reported.class),
    SELLER_BANNED("seller.banned", EventFamily.SELLER, SellerPayload.Banned.class),
    SELLER_KYC_CHECKED("seller.kyc_checked", EventFamily.SELLER, SellerPayload.KycChecked.class),

    USER_PROFILE("user.profile", EventFamily.USER, UserPayload.Profile.class),

    IMPRESSION("interaction.impression", EventFamily.INTERACTION, InteractionPayload.Impression.class),
    IMPRESSIONS("interaction.impressions", EventFamily.INTERACTION, InteractionPayload.Impressions.class),
    CLICK("interaction.click", EventFamily.INTERACTION, InteractionPayload.Click.class),
    ADD_TO_CART("interaction.add_to_cart", EventFamily.INTERACTION, InteractionPayload.AddToCart.class),
    ORDER("interaction.order", EventFamily.INTERACTION, InteractionPayload.Order.class),

    BOOST_CAMPAIGN_STARTED("boost.campaign_started", EventFamily.BOOST, BoostPayload.CampaignStarted.class),
    BOOST_BUDGET_CHANGED("boost.budget_changed", EventFamily.BOOST, BoostPayload.BudgetChanged.class),
    BOOST_SPEND("boost.spend", EventFamily.BOOST, BoostPayload.Spend.class),

    ADMIN_OVERRIDE("admin.override", EventFamily.ADMIN, AdminPayload.Override.class),
    ADMIN_AUDIT("admin.audit", EventFamily.ADMIN, AdminPayload.Audit.class),

    MODERATION_FLAGGED("moderation.flagged", EventFamily.MODERATION, ModerationPayload.Flagged.class),
    MODERATION_DECIDED("moderation.decided", EventFamily.MODERATION, ModerationPayload.Decided.class),

    TEXT_ANALYZED("text.analyzed", EventFamily.TEXT, TextPayload.Analyzed.class),
    TEXT_DEFERRED("text.deferred", EventFamily.TEXT, TextPayload.Deferred.class),

    CHAT_SUGGESTION_USED("chat.suggestion_used", EventFamily.CHAT, ChatPayload.SuggestionUsed.class),

    MODEL_RELEASE("model.release", EventFamily.MODEL, ModelPayload.ReleaseChanged.class),
    MODEL_SHADOW_SCORED("model.shadow_scored", EventFamily.MODEL, ModelPayload.ShadowScored.class);

    private static final Map<String, EventType> BY_WIRE_NAME = new HashMap<>();
    private static final Map<Class<?>, EventType> BY_CLASS = new HashMap<>();

    static {
        for (EventType t : values()) {
            BY_WIRE_NAME.put(t.wireName, t);
            BY_CLASS.put(t.payloadClass, t);
        }
    }

    private final String wireName;
    private final EventFamily family;
    private final Class<? extends EventPayload> payloadClass;

    EventType(String wireName, EventFamily family, Class<? extends EventPayload> payloadClass) {
        this.wireName = wireName;
        this.family = family;
        this.payloadClass = payloadClass;
    }

    public String wireName() {
        return wireName;
    }

    public EventFamily family() {
        return family;
    }

    public Class<? extends EventPayload> payloadClass() {
        return payloadClass;
    }

    /** The schema version written by this build; readers accept 1..currentVersion. */
    public int currentVersion() {
        return 1;
    }

    public static Optional<EventType> fromWireName(String name) {
        return Optional.ofNullable(name == null ? null : BY_WIRE_NAME.get(name));
    }

    public static EventType of(EventPayload payload) {
        EventType t = BY_CLASS.get(payload.getClass());
        if (t == null) {
            throw new IllegalArgumentException("no event type for " + payload.getClass());
        }
        return t;
    }
}
