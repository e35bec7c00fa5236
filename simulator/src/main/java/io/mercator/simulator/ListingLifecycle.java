package io.mercator.simulator;

import io.mercator.events.payload.ListingPayload;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A listing's life after it is planned: publication, then perhaps a price drop, a restock of a
 * multi-unit listing, removal by the seller, and sales that bring stock down to sold out.
 */
final class ListingLifecycle {

    private static final double PRICE_DROP = 0.2;
    private static final double RESTOCK_MULTI_UNIT = 0.3;
    private static final double REMOVAL = 0.08;
    private static final long DAY = SimulationConfig.DAY_MILLIS;
    private static final List<String> REMOVAL_REASONS = List.of(
            "sold elsewhere", "no longer available", "seller changed their mind", "reposting with new photos");

    private final ListingFactory factory;
    private final ListingPlan plan;
    private final MarketState state;
    private final BoostCampaigns boosts;
    private final EventStream out;
    private final RandomGenerator rng;
    /** Per shared ring photo: the listings that showed it so far, in publication order. */
    private final java.util.Map<Integer, List<Integer>> ringPhotoShownBy = new java.util.HashMap<>();

    ListingLifecycle(ListingFactory factory, MarketState state, BoostCampaigns boosts, EventStream out,
                     RandomGenerator rng) {
        this.factory = factory;
        this.plan = factory.plan();
        this.state = state;
        this.boosts = boosts;
        this.out = out;
        this.rng = rng;
    }

    /** Publishes a planned listing, unless its seller was banned meanwhile, and plans what follows. */
    void publish(int l, long ts, Agenda agenda) {
        int s = plan.seller[l];
        if (state.sellerBanned[s] || !state.sellerRegistered[s]) {
            return;
        }
        out.emit(ts, plan.ids[l], factory.published(l));
        if (plan.ringPhoto[l] >= 0) {
            analyseSharedPhoto(l, s, ts);
        }
        state.makeLive(l);
        state.sellerLastListing[s] = l;
        if (rng.nextDouble() < PRICE_DROP) {
            agenda.add(ts + DAY + rng.nextLong(5 * DAY), Agenda.PRICE_DROP, l);
        }
        if (plan.stock[l] > 1 && rng.nextDouble() < RESTOCK_MULTI_UNIT) {
            agenda.add(ts + DAY + rng.nextLong(4 * DAY), Agenda.RESTOCK, l);
        }
        if (rng.nextDouble() < REMOVAL) {
            agenda.add(ts + DAY + rng.nextLong(9 * DAY), Agenda.LISTING_REMOVED, l);
        }
        boosts.plan(l, ts, agenda);
    }

    /**
     * Image analysis finds a ring's shared photo in the listings of the other accounts that showed
     * it before (a minute and a half after publication, as the vision service would answer). The
     * first listing to show a photo has nothing to match yet.
     */
    private void analyseSharedPhoto(int l, int seller, long ts) {
        List<Integer> before = ringPhotoShownBy.computeIfAbsent(plan.ringPhoto[l], k -> new java.util.ArrayList<>());
        List<String> others = before.stream().filter(o -> plan.seller[o] != seller).map(o -> plan.ids[o]).limit(10).toList();
        if (!others.isEmpty()) {
            out.emit(ts + 90_000, plan.ids[l], factory.ringPhotoAnalysis(l, others));
        }
        before.add(l);
    }

    void dropPrice(int l, long ts) {
        if (state.status[l] != MarketState.LIVE) {
            return;
        }
        double p = Prices.asking(state.price[l] * (0.8 + 0.15 * rng.nextDouble()));
        if (p < state.price[l]) {
            state.price[l] = p;
            // after any order already announced at the old price
            out.emit(Math.max(ts, state.lastStockAt[l] + 1), plan.ids[l],
                    new ListingPayload.Updated(p, null, null, null, null));
        }
    }

    void restock(int l, long ts) {
        byte st = state.status[l];
        if (st != MarketState.LIVE && st != MarketState.SOLD_OUT) {
            return;
        }
        state.stock[l] += 1 + rng.nextInt(5);
        state.lastStockAt[l] = out.emit(Math.max(ts, state.lastStockAt[l] + 1), plan.ids[l],
                new ListingPayload.Updated(null, state.stock[l], null, null, null));
        if (st == MarketState.SOLD_OUT) {
            state.makeLive(l);
        }
    }

    void remove(int l, long ts) {
        byte st = state.status[l];
        if (st != MarketState.LIVE && st != MarketState.SOLD_OUT) {
            return;
        }
        state.end(l, MarketState.REMOVED);
        out.emit(Math.max(ts, state.lastStockAt[l] + 1), plan.ids[l],
                new ListingPayload.Removed(Vocabulary.pick(REMOVAL_REASONS, rng)));
    }

    /** Takes sold units off the stock and announces the new stock; at zero the listing is sold out. */
    void sold(int l, int quantity, long ts) {
        state.stock[l] -= quantity;
        state.lastStockAt[l] = out.emit(Math.max(ts, state.lastStockAt[l] + 1), plan.ids[l],
                new ListingPayload.Updated(null, state.stock[l], null, null, null));
        if (state.stock[l] == 0) {
            state.end(l, MarketState.SOLD_OUT);
        }
    }
}
