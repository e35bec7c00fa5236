package io.mercator.ranking;

import io.mercator.catalog.CatalogProjection;
import io.mercator.events.Event;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.AdminPayload;
import io.mercator.events.payload.BoostPayload;
import io.mercator.events.payload.EventPayload;
import io.mercator.events.payload.InteractionPayload;
import io.mercator.events.payload.ListingPayload;
import io.mercator.events.payload.SellerPayload;
import io.mercator.events.payload.UserPayload;
import io.mercator.popularity.PopularityProjection;
import io.mercator.hydration.features.FeatureProjection;
import io.mercator.hydration.store.InProcessOnlineStore;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A small marketplace built from hand-written events and fed to the real catalog, features and
 * popularity projections over the real in-process online store.
 */
final class Market {

    static final long T0 = 1_750_000_000_000L;
    static final long DAY = 86_400_000L;
    /** Where the provinces' capitals are. */
    static final double[] BANGKOK = {13.7563, 100.5018};
    static final double[] CHIANG_MAI = {18.7883, 98.9853};
    static final double[] SONGKHLA = {7.1898, 100.5954};
    static final double[] NONTHABURI = {13.8621, 100.5144};

    private static final LogPartition PART = new LogPartition("events", 0);

    final InProcessOnlineStore store = new InProcessOnlineStore(Clock.systemUTC());
    final CatalogProjection catalog = new CatalogProjection();
    final FeatureProjection features = new FeatureProjection(store);
    final PopularityProjection popularity = new PopularityProjection(store, 1);
    /** Boost campaigns, their spend and their sponsored clicks, for the auto-boost agent. */
    final io.mercator.autoboost.BoostLedger boosts = new io.mercator.autoboost.BoostLedger();

    private final List<LogRecord> pending = new ArrayList<>();
    private long offset;
    private long ts = T0;

    /** Time of the next event; requests are made after all events. */
    long now() {
        return ts + 60_000;
    }

    Market event(String key, EventPayload data) {
        ts += 1_000;
        pending.add(new LogRecord(PART, offset, Event.of("ev-" + offset, ts, key, data)));
        offset++;
        return this;
    }

    /** Applies every event added since the last call to the projections. */
    Market apply() {
        List<LogRecord> batch = List.copyOf(pending);
        pending.clear();
        join(catalog.apply(batch));
        join(features.apply(batch));
        join(popularity.apply(batch));
        join(popularity.refreshNow());
        join(new io.mercator.autoboost.AutoboostProjection(boosts).apply(batch));
        return this;
    }

    private static void join(io.vertx.core.Future<?> f) {
        f.toCompletionStage().toCompletableFuture().join();
    }

    Market seller(String id, String province) {
        return event(id, new SellerPayload.Registered(province));
    }

    Market listing(String id, String seller, String category, double price, String province, double[] at) {
        return event(id, new ListingPayload.Published(seller, "ของดี " + id, "สภาพดี ใช้งานปกติ มีกล่อง", "th", category,
                price, "good", 3, List.of("p/1.jpg", "p/2.jpg"), province, at[0], at[1]));
    }

    /** A phone in Bangkok: the default listing of most tests. */
    Market phone(String id, String seller, double price) {
        return listing(id, seller, "mobile-phones", price, "Bangkok", BANGKOK);
    }

    Market outOfStock(String id) {
        return event(id, new ListingPayload.Updated(null, 0, null, null, null));
    }

    Market clicks(String listingId, int n) {
        for (int i = 0; i < n; i++) {
            event("shopper-" + i, new InteractionPayload.Click("r-" + listingId + i, listingId));
        }
        return this;
    }

    Market reported(String seller, int n) {
        for (int i = 0; i < n; i++) {
            event(seller, new SellerPayload.Reported("no show", null));
        }
        return this;
    }

    Market banned(String seller) {
        return event(seller, new SellerPayload.Banned("fraud"));
    }

    Market admin(String target, AdminPayload.Action action) {
        return event(target, new AdminPayload.Override(action, null, "ops"));
    }

    /** A moderator's decision on a listing: "remove" or "approve". */
    Market decided(String listingId, String decision) {
        return event(listingId, new io.mercator.events.payload.ModerationPayload.Decided(decision));
    }

    Market boosted(String listingId) {
        return event(listingId, new BoostPayload.CampaignStarted("c-" + listingId, 1_000, 20, T0 + 30 * DAY));
    }

    Market buyer(String id, double[] home, int maxKm) {
        return event(id, new UserPayload.Profile("25-34", "f", home[0], home[1], maxKm));
    }

    /** The auto-boost agent over this market's campaigns: the bandit, with a fixed seed. */
    io.mercator.autoboost.BoostAgent boostAgent() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(17);
        return new io.mercator.autoboost.BoostAgent(boosts, io.mercator.autoboost.policy.ThompsonSampling.defaults(),
                io.mercator.autoboost.BoostAgent.Settings.DEFAULTS, random::nextLong,
                io.mercator.autoboost.BoostAgent.Listener.NONE);
    }
}
