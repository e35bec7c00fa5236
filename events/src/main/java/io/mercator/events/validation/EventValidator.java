package io.mercator.events.validation;

import io.mercator.events.Categories;
import io.mercator.events.Event;
import io.mercator.events.Thailand;
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

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The validation gate: checks the content of well-formed events before anything is appended.
 *
 * <p>A batch is all or nothing: the caller appends it only when {@link #validate} returns no
 * rejections, so a rejected batch leaves every store untouched.
 */
public final class EventValidator {

    /** Highest price we believe for a second-hand item (a used motorcycle or a luxury watch fits). */
    public static final double MAX_PRICE_THB = 10_000_000;
    /** Clock skew we tolerate from producers. */
    public static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(5);
    /** Events older than this are not ours (the marketplace started after it). */
    public static final long MIN_TS = 946_684_800_000L; // 2000-01-01
    public static final int MAX_TEXT = 10_000;
    public static final int MAX_DISTANCE_KM = 500;
    /** Most items one served list may hold: a response holds at most 100, a client may log a longer scroll. */
    public static final int MAX_SHOWN_PER_LIST = 1_000;

    private final Clock clock;
    private final ListingDirectory listings;
    private final CampaignDirectory campaigns;

    public EventValidator(Clock clock, ListingDirectory listings, CampaignDirectory campaigns) {
        this.clock = clock;
        this.listings = listings;
        this.campaigns = campaigns;
    }

    /** A gate that knows only the boost campaigns started in the batch it checks. */
    public EventValidator(Clock clock, ListingDirectory listings) {
        this(clock, listings, CampaignDirectory.NONE);
    }

    /**
     * Checks every event of the batch and returns one rejection per bad event (empty if all pass).
     * Listings published earlier in the same batch count as known.
     */
    public List<Rejection> validate(List<Event> batch) {
        long now = clock.millis();
        Set<String> publishedInBatch = new HashSet<>();
        Set<String> campaignsInBatch = new HashSet<>();
        List<Rejection> rejections = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Event e = batch.get(i);
            String reason = check(e, now, publishedInBatch);
            if (reason == null && e.data() instanceof BoostPayload boost) {
                reason = checkCampaign(e, boost, campaignsInBatch);
            }
            if (reason != null) {
                rejections.add(new Rejection(i, e.id(), reason));
            } else if (e.data() instanceof ListingPayload.Published) {
                publishedInBatch.add(e.key());
            } else if (e.data() instanceof BoostPayload.CampaignStarted c) {
                campaignsInBatch.add(c.campaignId());
            }
        }
        return rejections;
    }

    /** What a boost event says about its campaign: started once, ending after it starts, changed only once it exists. */
    private String checkCampaign(Event e, BoostPayload boost, Set<String> campaignsInBatch) {
        return switch (boost) {
            case BoostPayload.CampaignStarted c -> firstOf(
                    campaigns.isKnown(c.campaignId()) || campaignsInBatch.contains(c.campaignId())
                            ? "campaign '" + c.campaignId() + "' already exists" : null,
                    c.endsAt() <= e.ts() ? "endsAt " + c.endsAt() + " is not after the campaign's start (the event's ts "
                            + e.ts() + ")" : null);
            case BoostPayload.BudgetChanged c -> knownCampaign(c.campaignId(), campaignsInBatch);
            case BoostPayload.Spend s -> knownCampaign(s.campaignId(), campaignsInBatch);
        };
    }

    private String knownCampaign(String campaignId, Set<String> campaignsInBatch) {
        return campaigns.isKnown(campaignId) || campaignsInBatch.contains(campaignId)
                ? null : "unknown campaign '" + campaignId + "'";
    }

    private String check(Event e, long now, Set<String> publishedInBatch) {
        if (e.id() == null || e.id().isBlank()) {
            return "missing id";
        }
        if (e.key() == null || e.key().isBlank()) {
            return "missing key (the " + e.type().family().keyMeaning() + ")";
        }
        if (e.ts() > now + MAX_FUTURE_SKEW.toMillis()) {
            return "timestamp " + e.ts() + " is more than " + MAX_FUTURE_SKEW.toMinutes() + " minutes in the future";
        }
        if (e.ts() < MIN_TS) {
            return "timestamp " + e.ts() + " is before 2000-01-01";
        }
        return checkPayload(e.key(), e.data(), publishedInBatch);
    }

    private String checkPayload(String key, EventPayload data, Set<String> publishedInBatch) {
        return switch (data) {
            case ListingPayload.Published p -> firstOf(
                    required(p.sellerId(), "sellerId"),
                    requiredText(p.title(), "title"),
                    text(p.description(), "description"),
                    Categories.exists(p.category()) ? null : "unknown category '" + p.category() + "'",
                    price(p.price()),
                    p.stock() < 0 ? "stock must not be negative" : null,
                    inThailand(p.lat(), p.lon()));
            case ListingPayload.Updated u -> firstOf(
                    known(key, publishedInBatch),
                    u.price() == null ? null : price(u.price()),
                    u.stock() != null && u.stock() < 0 ? "stock must not be negative" : null,
                    u.title() == null ? null : requiredText(u.title(), "title"),
                    text(u.description(), "description"));
            case ListingPayload.Removed r -> known(key, publishedInBatch);
            case ListingPayload.PhotoAnalyzed p -> firstOf(known(key, publishedInBatch), required(p.photoId(), "photoId"),
                    p.hashes().isEmpty() ? "missing hashes" : null,
                    p.safety() < 0 || p.safety() > 1 ? "safety must be in [0,1]" : null);
            case SellerPayload.KycChecked k -> firstOf(required(k.faceHash(), "faceHash"),
                    KYC_DECISIONS.contains(k.decision()) ? null : "decision must be 'match', 'no_match' or 'review'",
                    k.faceMatchScore() < 0 || k.faceMatchScore() > 1 ? "faceMatchScore must be in [0,1]" : null,
                    k.livenessProb() < 0 || k.livenessProb() > 1 ? "livenessProb must be in [0,1]" : null);
            case SellerPayload.Reported r -> r.listingId() == null ? null : known(r.listingId(), publishedInBatch);
            case SellerPayload s -> null;
            case UserPayload.Profile p -> firstOf(
                    inThailand(p.homeLat(), p.homeLon()),
                    p.maxDistanceKm() <= 0 || p.maxDistanceKm() > MAX_DISTANCE_KM
                            ? "maxDistanceKm must be in 1.." + MAX_DISTANCE_KM : null);
            case InteractionPayload.Impression imp -> firstOf(
                    required(imp.listingId(), "listingId"),
                    imp.position() < 1 ? "position must be 1 or more" : null,
                    surface(imp.surface()),
                    known(imp.listingId(), publishedInBatch));
            case InteractionPayload.Impressions list -> impressions(list, publishedInBatch);
            case InteractionPayload.Order o -> firstOf(
                    required(o.listingId(), "listingId"),
                    o.quantity() < 1 ? "quantity must be 1 or more" : null,
                    price(o.amount()),
                    known(o.listingId(), publishedInBatch));
            case InteractionPayload.AddToCart c -> firstOf(
                    required(c.listingId(), "listingId"),
                    c.quantity() < 1 ? "quantity must be 1 or more" : null,
                    known(c.listingId(), publishedInBatch));
            case InteractionPayload.Click c -> firstOf(required(c.listingId(), "listingId"),
                    known(c.listingId(), publishedInBatch));
            case BoostPayload.CampaignStarted c -> firstOf(
                    known(key, publishedInBatch),
                    required(c.campaignId(), "campaignId"),
                    c.budget() <= 0 || !Double.isFinite(c.budget()) ? "budget must be a positive amount of THB" : null,
                    c.bidPerMille() <= 0 || !Double.isFinite(c.bidPerMille())
                            ? "bidPerMille must be a positive amount of THB" : null,
                    c.bidPerMille() > c.budget() ? "bidPerMille " + c.bidPerMille() + " is above the budget "
                            + c.budget() + ": the budget would not buy a thousand impressions" : null);
            case BoostPayload.BudgetChanged c -> firstOf(known(key, publishedInBatch),
                    required(c.campaignId(), "campaignId"),
                    c.budget() < 0 || !Double.isFinite(c.budget()) ? "budget must not be negative" : null);
            case BoostPayload.Spend s -> firstOf(known(key, publishedInBatch),
                    required(s.campaignId(), "campaignId"),
                    s.amount() < 0 || !Double.isFinite(s.amount()) ? "spend must not be negative" : null);
            case AdminPayload.Override o -> firstOf(
                    o.action() == null ? "missing action" : null,
                    o.action() == AdminPayload.Action.LIFT && o.lifts() == null ? "a lift must name the action it lifts" : null,
                    o.action() == AdminPayload.Action.FORCE_BOOST_LISTING ? known(key, publishedInBatch) : null,
                    o.action() == AdminPayload.Action.BAN_CATEGORY && !Categories.exists(key)
                            ? "unknown category '" + key + "'" : null);
            case ModerationPayload.Flagged f -> firstOf(known(key, publishedInBatch),
                    f.risk() < 0 || f.risk() > 1 ? "risk must be in [0,1]" : null);
            case ModerationPayload.Decided d -> firstOf(known(key, publishedInBatch),
                    ModerationPayload.Decided.APPROVE.equals(d.decision()) || d.removes()
                            ? null : "decision must be 'approve', 'remove' or 'ban_seller'");
            case AdminPayload.Audit a -> firstOf(required(a.actor(), "actor"), required(a.action(), "action"));
            case TextPayload.Analyzed t -> firstOf(known(key, publishedInBatch), required(t.textHash(), "textHash"),
                    t.safety() < 0 || t.safety() > 1 ? "safety must be in [0,1]" : null,
                    TEXT_ACTIONS.contains(t.action()) ? null : "action must be 'allow', 'review' or 'block'");
            case TextPayload.Deferred t -> firstOf(known(key, publishedInBatch), required(t.textHash(), "textHash"));
            case ChatPayload.SuggestionUsed u -> firstOf(known(key, publishedInBatch),
                    required(u.templateId(), "templateId"), required(u.intent(), "intent"));
            case ModelPayload.ReleaseChanged r -> firstOf(
                    ModelPayload.KINDS.contains(key) ? null : "the key must be a model kind, one of " + ModelPayload.KINDS,
                    ModelPayload.ACTIONS.contains(r.action()) ? null : "action must be one of " + ModelPayload.ACTIONS,
                    required(r.mode(), "mode"), required(r.actor(), "actor"));
            case ModelPayload.ShadowScored s -> firstOf(
                    ModelPayload.KINDS.contains(key) ? null : "the key must be a model kind, one of " + ModelPayload.KINDS,
                    required(s.champion(), "champion"), required(s.candidate(), "candidate"),
                    s.items() == null || s.championScores() == null || s.candidateScores() == null
                            || s.items().size() != s.championScores().length
                            || s.items().size() != s.candidateScores().length
                            ? "items, championScores and candidateScores must have one entry per item" : null);
        };
    }

    private static final Set<String> TEXT_ACTIONS = Set.of("allow", "review", "block");
    private static final Set<String> KYC_DECISIONS = Set.of("match", "no_match", "review");

    private String impressions(InteractionPayload.Impressions list, Set<String> publishedInBatch) {
        String head = firstOf(
                required(list.requestId(), "requestId"),
                surface(list.surface()),
                list.items().isEmpty() ? "items must not be empty" : null,
                list.size() > MAX_SHOWN_PER_LIST ? "more than " + MAX_SHOWN_PER_LIST + " items" : null);
        if (head != null) {
            return head;
        }
        int width = list.featureNames() == null ? -1 : list.featureNames().size();
        for (int i = 0; i < list.size(); i++) {
            InteractionPayload.Impressions.Shown s = list.items().get(i);
            String bad = firstOf(
                    required(s.listingId(), "listingId"),
                    s.position() < 1 ? "position must be 1 or more" : null,
                    s.features() == null || s.features().length == width ? null
                            : width < 0 ? "features without featureNames"
                            : s.features().length + " features for " + width + " featureNames",
                    known(s.listingId(), publishedInBatch));
            if (bad != null) {
                return "items[" + i + "]: " + bad;
            }
        }
        return null;
    }

    private static String surface(String surface) {
        return "feed".equals(surface) || "search".equals(surface) ? null : "surface must be 'feed' or 'search'";
    }

    private String known(String listingId, Set<String> publishedInBatch) {
        if (listingId == null || publishedInBatch.contains(listingId) || listings.isKnown(listingId)) {
            return null;
        }
        return "unknown listing '" + listingId + "'";
    }

    private static String price(double price) {
        if (Double.isNaN(price) || price < 0) {
            return "price must not be negative";
        }
        if (price > MAX_PRICE_THB) {
            return "price " + price + " THB is absurd (over " + (long) MAX_PRICE_THB + ")";
        }
        return null;
    }

    private static String inThailand(double lat, double lon) {
        return Thailand.contains(lat, lon) ? null
                : "coordinates (" + lat + ", " + lon + ") are outside Thailand";
    }

    private static String required(String value, String field) {
        return value == null || value.isBlank() ? "missing " + field : null;
    }

    private static String requiredText(String value, String field) {
        String missing = required(value, field);
        return missing != null ? missing : text(value, field);
    }

    private static String text(String value, String field) {
        return value != null && value.length() > MAX_TEXT ? field + " longer than " + MAX_TEXT + " characters" : null;
    }

    private static String firstOf(String... reasons) {
        for (String r : reasons) {
            if (r != null) {
                return r;
            }
        }
        return null;
    }
}
