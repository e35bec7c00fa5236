package io.mercator.catalog;

import io.mercator.events.Event;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.AdminPayload;
import io.mercator.events.payload.ListingPayload;
import io.mercator.events.payload.ModerationPayload;
import io.mercator.events.payload.TextPayload;
import io.mercator.events.payload.SellerPayload;
import io.mercator.events.projection.Projection;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The catalog: listings, seller state and admin bans, exactly as the log says.
 *
 * <p>One thread applies (the projection runner's); any number of threads read. State lives in
 * concurrent maps of immutable records, so a read sees either the old or the new record. The runner
 * offers each event id once.
 */
public final class CatalogProjection implements Projection, CatalogView {

    private final ConcurrentHashMap<String, Listing> listings = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SellerState> sellers = new ConcurrentHashMap<>();
    private final Set<String> bannedCategories = ConcurrentHashMap.newKeySet();
    /**
     * Ids of the banned sellers, kept beside {@link #sellers}: the ranking asks about every
     * candidate's seller, and a lookup in this small set stays in cache where one in the map of
     * all sellers missed it (README, "Speed").
     */
    private final Set<String> bannedSellers = ConcurrentHashMap.newKeySet();
    private final Set<String> forceBoosted = ConcurrentHashMap.newKeySet();
    /** Listings with a photo that image analysis matched to other sellers' listings: to those listings. */
    private final ConcurrentHashMap<String, Set<String>> photoReusedFrom = new ConcurrentHashMap<>();
    /** Text analyses and moderators' decisions, whichever comes first: the listing or they (applying thread only). */
    private final ListingReviews reviews = new ListingReviews();

    @Override
    public String id() {
        return "catalog";
    }

    @Override
    public Future<Void> apply(List<LogRecord> batch) {
        try {
            for (LogRecord r : batch) {
                Event e = r.event();
                // interactions (most of the log) never change the catalog
                if (e.type().family() != io.mercator.events.EventFamily.INTERACTION) {
                    applyOne(e);
                }
            }
            return Future.succeededFuture();
        } catch (RuntimeException ex) {
            return Future.failedFuture(ex);
        }
    }

    private void applyOne(Event e) {
        switch (e.data()) {
            case ListingPayload.Published p -> {
                listings.put(e.key(), reviews.standing(new Listing(e.key(), p.sellerId(), p.title(), p.description(),
                        p.lang(), p.category(), p.price(), p.condition(), p.stock(), p.photos(), p.province(), p.lat(),
                        p.lon(), e.ts(), e.ts(), false, false, TextCheck.UNCHECKED)));
                if (reviews.bansSeller(e.key())) {
                    banByModeration(p.sellerId()); // the decision came before the listing
                }
            }
            // new text waits for analysis (a held listing stays held): the standing is worked out again
            case ListingPayload.Updated u -> listings.computeIfPresent(e.key(), (id, l) -> reviews.standing(new Listing(id,
                    l.sellerId(),
                    u.title() != null ? u.title() : l.title(),
                    u.description() != null ? u.description() : l.description(),
                    l.lang(), l.category(),
                    u.price() != null ? u.price() : l.price(),
                    l.condition(),
                    u.stock() != null ? u.stock() : l.stock(),
                    u.photos() != null ? u.photos() : l.photos(),
                    l.province(), l.lat(), l.lon(), l.publishedAt(), e.ts(), l.removed(),
                    l.removedByModeration(), l.textCheck())));
            case ListingPayload.Removed ignored -> listings.computeIfPresent(e.key(), (id, l) -> l.withRemoved(e.ts()));
            case ListingPayload.PhotoAnalyzed photo -> {
                if (!photo.duplicateOf().isEmpty()) {
                    photoReusedFrom.computeIfAbsent(e.key(), k -> ConcurrentHashMap.newKeySet()).addAll(photo.duplicateOf());
                }
            }
            case ModerationPayload.Decided d -> {
                boolean ban = ModerationPayload.Decided.BAN_SELLER.equals(d.decision());
                reviews.decided(e.key(), d.removes(), ban, e.ts());
                Listing decided = listings.computeIfPresent(e.key(), (id, l) -> reviews.standing(l));
                if (decided != null && ban) {
                    banByModeration(decided.sellerId());
                }
            }
            case SellerPayload.Registered reg -> updateSeller(e.key(), s -> new SellerState(s.id(), reg.province(),
                    e.ts(), s.verified(), s.reports(), s.bannedByModeration(), s.bannedByAdmin()));
            case SellerPayload.Verified ignored -> updateSeller(e.key(), s -> new SellerState(s.id(), s.province(),
                    s.registeredAt(), true, s.reports(), s.bannedByModeration(), s.bannedByAdmin()));
            case SellerPayload.Reported ignored -> updateSeller(e.key(), s -> new SellerState(s.id(), s.province(),
                    s.registeredAt(), s.verified(), s.reports() + 1, s.bannedByModeration(), s.bannedByAdmin()));
            case SellerPayload.Banned ignored -> updateSeller(e.key(), s -> new SellerState(s.id(), s.province(),
                    s.registeredAt(), s.verified(), s.reports(), true, s.bannedByAdmin()));
            case AdminPayload.Override o -> applyOverride(e.key(), o);
            case TextPayload.Analyzed a -> {
                reviews.analyzed(e.key(), a.textHash(), e.ts(), a.hold());
                listings.computeIfPresent(e.key(), (id, l) -> reviews.standing(l));
            }
            case TextPayload.Deferred d -> {
                reviews.deferred(e.key(), d.textHash());
                listings.computeIfPresent(e.key(), (id, l) -> reviews.standing(l));
            }
            default -> {
                // interactions, boosts and flags do not change the catalog
            }
        }
    }

    private void banByModeration(String sellerId) {
        updateSeller(sellerId, s -> new SellerState(s.id(), s.province(), s.registeredAt(), s.verified(), s.reports(),
                true, s.bannedByAdmin()));
    }

    private void applyOverride(String target, AdminPayload.Override o) {
        boolean lift = o.action() == AdminPayload.Action.LIFT;
        AdminPayload.Action action = lift ? o.lifts() : o.action();
        if (action == null) {
            return;
        }
        switch (action) {
            case BAN_CATEGORY -> {
                if (lift) {
                    bannedCategories.remove(target);
                } else {
                    bannedCategories.add(target);
                }
            }
            case BAN_SELLER -> updateSeller(target, s -> new SellerState(s.id(), s.province(), s.registeredAt(),
                    s.verified(), s.reports(), s.bannedByModeration(), !lift));
            case FORCE_BOOST_LISTING -> {
                if (lift) {
                    forceBoosted.remove(target);
                } else {
                    forceBoosted.add(target);
                }
            }
            case LIFT -> {
                // lifting a lift means nothing
            }
        }
    }

    private void updateSeller(String id, java.util.function.UnaryOperator<SellerState> change) {
        sellers.compute(id, (k, s) -> {
            SellerState updated = change.apply(s == null ? SellerState.unknown(k) : s);
            if (updated.banned()) {
                bannedSellers.add(k);
            } else {
                bannedSellers.remove(k);
            }
            return updated;
        });
    }

    @Override
    public Optional<Listing> listing(String id) {
        return Optional.ofNullable(listings.get(id));
    }

    @Override
    public boolean isKnown(String listingId) {
        return listings.containsKey(listingId);
    }

    @Override
    public boolean isLive(String listingId) {
        Listing l = listings.get(listingId);
        return l != null && live(l);
    }

    private boolean live(Listing l) {
        return l.shown() && !isSellerBanned(l.sellerId()) && !bannedCategories.contains(l.category());
    }

    @Override
    public boolean isSellerBanned(String sellerId) {
        return sellerId != null && bannedSellers.contains(sellerId);
    }

    @Override
    public boolean isCategoryBanned(String slug) {
        return bannedCategories.contains(slug);
    }

    @Override
    public boolean isForceBoosted(String listingId) {
        return forceBoosted.contains(listingId);
    }

    @Override
    public Set<String> photoReusedFrom(String listingId) {
        Set<String> from = photoReusedFrom.get(listingId);
        return from == null ? Set.of() : Set.copyOf(from);
    }

    @Override
    public Optional<SellerState> seller(String id) {
        return Optional.ofNullable(sellers.get(id));
    }

    @Override
    public int liveListingCount() {
        int n = 0;
        for (Listing l : listings.values()) {
            if (live(l)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void forEachLive(Consumer<Listing> consumer) {
        for (Listing l : listings.values()) {
            if (live(l)) {
                consumer.accept(l);
            }
        }
    }

    /** Every listing ever published, live or not; for audits and tests. */
    public void forEachKnown(Consumer<Listing> consumer) {
        listings.values().forEach(consumer);
    }

    /** Every seller seen; for audits and tests. */
    public void forEachSeller(Consumer<SellerState> consumer) {
        sellers.values().forEach(consumer);
    }
}
