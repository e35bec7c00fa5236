package io.mercator.simulator;

import io.mercator.events.payload.InteractionPayload;
import io.mercator.events.payload.UserPayload;

import java.util.random.RandomGenerator;

/**
 * What buyers do: sessions at Thai times of day, each a feed or a search request of about twenty
 * listings, and clicks, carts and orders drawn from the hidden relevance.
 *
 * <p>The simulated ranker ({@code modelVersion "simulator"}) shows its candidates in random order.
 * That is deliberate: with relevance independent of position, the logs identify both the position
 * bias and the relevance, which is what a learned ranker needs from them.
 */
final class BuyerBehaviour {

    static final int SLOTS = 20;
    static final String MODEL_VERSION = "simulator";
    private static final double SEARCH_SHARE = 0.35;
    private static final double THAI_QUERY_SHARE = 0.6;
    /** Chance a candidate beyond the buyer's maximum distance is still shown (rankers mostly filter them). */
    private static final double KEEP_FAR = 0.3;
    private static final int MAX_SESSIONS_PER_DAY = 12;
    private static final long HOUR = 3_600_000L;
    private static final long DAY = SimulationConfig.DAY_MILLIS;
    /** Thailand is UTC+7 all year. */
    static final long THAI_OFFSET = 7 * HOUR;
    /** Sessions by local hour: a lunch bump and a long evening peak. */
    static final double[] SESSIONS_BY_LOCAL_HOUR = {
            0.3, 0.15, 0.1, 0.08, 0.08, 0.15, 0.4, 0.7, 0.9, 1.0, 1.0, 1.1,
            1.4, 1.2, 1.0, 1.0, 1.1, 1.2, 1.4, 1.8, 2.1, 2.2, 1.8, 0.9};
    private static final WeightedChoice HOUR_OF_DAY = new WeightedChoice(SESSIONS_BY_LOCAL_HOUR);

    private final SimulatedWorld world;
    private final BuyerPopulation buyers;
    private final ListingPlan plan;
    private final MarketState state;
    private final ListingLifecycle lifecycle;
    private final BoostCampaigns boosts;
    private final TrustAndSafety trust;
    private final EventStream out;
    private final RandomGenerator rng;
    private final WeightedChoice popularity = ListingFactory.categoryPopularity();
    private final String requestPrefix;
    private long requests;

    private final int[] shown = new int[SLOTS];
    private final double[] shownKm = new double[SLOTS];
    /** Shown in the boost slot, so its campaign pays for the impression. */
    private final boolean[] shownBoosted = new boolean[SLOTS];

    BuyerBehaviour(SimulatedWorld world, MarketState state, ListingLifecycle lifecycle, BoostCampaigns boosts,
                   TrustAndSafety trust, EventStream out, RandomGenerator rng, long seed) {
        this.world = world;
        this.buyers = world.buyers();
        this.plan = world.listings();
        this.state = state;
        this.lifecycle = lifecycle;
        this.boosts = boosts;
        this.trust = trust;
        this.out = out;
        this.rng = rng;
        this.requestPrefix = "rq-" + Long.toString(RandomStreams.mix(seed ^ RandomStreams.BEHAVIOUR) >>> 24, 36) + "-";
    }

    UserPayload.Profile join(int u, long ts) {
        UserPayload.Profile p = buyers.profile(u);
        out.emit(ts, buyers.ids[u], p);
        return p;
    }

    /** Draws each member's sessions of the day into the agenda. */
    void scheduleSessions(Agenda agenda, long dayStart, long dayEnd) {
        long localStart = Math.floorMod(dayStart + THAI_OFFSET, DAY);
        for (int u = 0; u < buyers.count; u++) {
            if (buyers.joinedAt[u] >= dayEnd) {
                continue;
            }
            int n = Math.min(MAX_SESSIONS_PER_DAY, poisson(buyers.activity[u], rng));
            for (int i = 0; i < n; i++) {
                long local = HOUR_OF_DAY.draw(rng) * HOUR + rng.nextLong(HOUR);
                long ts = dayStart + Math.floorMod(local - localStart, DAY);
                if (ts > buyers.joinedAt[u]) {
                    agenda.add(ts, Agenda.SESSION, u);
                }
            }
        }
    }

    /** One request and what the buyer does with it. */
    void session(int u, long ts) {
        boolean search = rng.nextDouble() < SEARCH_SHARE;
        int queryCategory = -1;
        String query = null;
        if (search) {
            queryCategory = rng.nextDouble() < 0.85
                    ? buyers.favourites[u][buyers.favouriteChoice[u].draw(rng)] : popularity.draw(rng);
            query = Vocabulary.query(queryCategory, rng.nextDouble() < THAI_QUERY_SHARE, rng);
        }
        int n = fill(u, queryCategory, ts);
        if (n == 0) {
            return; // nothing live yet: an empty result page logs nothing
        }
        String requestId = requestPrefix + requests++;
        String surface = search ? "search" : "feed";
        String userId = buyers.ids[u];
        String device = BuyerPopulation.DEVICES[buyers.device[u]];
        for (int i = 0; i < n; i++) {
            int l = shown[i];
            int position = i + 1;
            out.emit(ts, userId, new InteractionPayload.Impression(requestId, surface, query, plan.ids[l], position,
                    MODEL_VERSION, device, null));
            if (shownBoosted[i]) {
                boosts.shown(l, ts);
            }
            double relevance = world.relevance(u, l, shownKm[i]);
            if (rng.nextDouble() < relevance * RelevanceModel.positionBias(position)) {
                clicked(u, l, requestId, ts + 2_000 + position * 1_500L + (long) (rng.nextExponential() * 20_000));
            }
        }
    }

    private void clicked(int u, int l, String requestId, long clickTs) {
        String userId = buyers.ids[u];
        String listingId = plan.ids[l];
        long at = out.emit(clickTs, userId, new InteractionPayload.Click(requestId, listingId));
        // careful sellers with good photos convert better; price fit decides whether the cart becomes an order
        if (rng.nextDouble() >= 0.08 + 0.2 * plan.quality[l]) {
            return;
        }
        int quantity = state.stock[l] > 1 && rng.nextDouble() < 0.2 ? 2 : 1;
        long cartAt = out.emit(at + 10_000 + rng.nextLong(240_000), userId,
                new InteractionPayload.AddToCart(requestId, listingId, quantity));
        double fit = RelevanceModel.priceFit(plan.priceLogRatio[l], buyers.priceSensitivity[u]);
        if (rng.nextDouble() >= 0.2 + 0.3 * fit || state.stock[l] < quantity || !state.servable(l)) {
            return;
        }
        long orderAt = out.emit(cartAt + 60_000 + rng.nextLong(20 * 60_000L), userId,
                new InteractionPayload.Order(requestId, listingId, quantity, Prices.money(state.price[l] * quantity)));
        lifecycle.sold(l, quantity, orderAt);
        trust.afterOrder(plan.seller[l], l, orderAt);
    }

    /**
     * Fills {@link #shown} with distinct live listings: for a search mostly from the query's
     * category; for the feed a mix of favourite categories, nearby provinces, boosted listings and
     * anything. Returns how many were found.
     */
    private int fill(int u, int queryCategory, long ts) {
        int n = 0;
        int[] nearby = Geography.nearby(buyers.province[u]);
        for (int attempt = 0; attempt < SLOTS * 4 && n < SLOTS; attempt++) {
            double r = rng.nextDouble();
            int l;
            boolean local = false;
            boolean boosted = false;
            if (queryCategory >= 0) {
                l = r < 0.8 ? state.byCategory[queryCategory].sample(rng)
                        : r < 0.9 ? nearbySample(nearby) : state.all.sample(rng);
                local = r >= 0.8 && r < 0.9;
            } else if (r < 0.45) {
                int c = buyers.favourites[u][buyers.favouriteChoice[u].draw(rng)];
                l = state.byCategory[c].sample(rng);
            } else if (r < 0.75) {
                l = nearbySample(nearby);
                local = true;
            } else if (r < 0.8) {
                l = boosts.sample(ts);
                boosted = true;
            } else {
                l = state.all.sample(rng);
            }
            if (l < 0 || alreadyShown(l, n)) {
                continue;
            }
            double km = world.distanceKm(u, l);
            if (!local && km > buyers.maxDistanceKm[u] && rng.nextDouble() >= KEEP_FAR) {
                continue;
            }
            shown[n] = l;
            shownKm[n] = km;
            shownBoosted[n] = boosted;
            n++;
        }
        return n;
    }

    private int nearbySample(int[] nearby) {
        return state.byProvince[nearby[rng.nextInt(nearby.length)]].sample(rng);
    }

    private boolean alreadyShown(int l, int n) {
        for (int i = 0; i < n; i++) {
            if (shown[i] == l) {
                return true;
            }
        }
        return false;
    }

    /** A Poisson draw by Knuth's product of uniforms: fine for the small means used here. */
    static int poisson(double mean, RandomGenerator rng) {
        double limit = Math.exp(-mean);
        double p = rng.nextDouble();
        int k = 0;
        while (p > limit) {
            p *= rng.nextDouble();
            k++;
        }
        return k;
    }
}
