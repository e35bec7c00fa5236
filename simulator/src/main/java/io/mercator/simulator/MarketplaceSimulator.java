package io.mercator.simulator;

import io.mercator.events.EventType;

import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A deterministic second-hand marketplace: sellers register and list items, buyers browse and
 * search, click, add to cart and order, scammers get reported and banned, a few listings are
 * boosted. The behaviour is drawn from a hidden {@link SimulatedWorld} that evaluation can query.
 *
 * <p>The same {@link SimulationConfig} always yields the same events, byte for byte, ids
 * included, and {@link #run} may be called again to replay them. Events reach the sink in batches
 * of {@value EventStream#BATCH_SIZE} (the last may be smaller), in non-decreasing timestamp order,
 * every one inside the configured span, and every listing is published before any event names it.
 */
public final class MarketplaceSimulator {

    private final SimulationConfig config;
    private final SimulatedWorld world;

    public MarketplaceSimulator(SimulationConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.world = new SimulatedWorld(config);
    }

    /** The hidden truth behind the events; available before, during and after a run. */
    public SimulatedWorld world() {
        return world;
    }

    /** Simulates the whole span, handing events to the sink as it goes; blocks until the sink took the last batch. */
    public SimulationSummary run(EventSink sink) {
        Objects.requireNonNull(sink, "sink");
        long began = System.nanoTime();
        Run r = new Run(sink);
        r.simulate();
        EventStream out = r.out;
        long impressions = out.count(EventType.IMPRESSION);
        long clicks = out.count(EventType.CLICK);
        long carts = out.count(EventType.ADD_TO_CART);
        long orders = out.count(EventType.ORDER);
        return new SimulationSummary(out.total(), (int) out.count(EventType.SELLER_REGISTERED),
                (int) out.count(EventType.LISTING_PUBLISHED), (int) out.count(EventType.USER_PROFILE),
                impressions + clicks + carts + orders, impressions, clicks, carts, orders,
                Duration.ofNanos(System.nanoTime() - began));
    }

    /** The mutable parts of one run, so that runs never share state. */
    private final class Run {
        final EventStream out;
        final Agenda agenda = new Agenda(config.startMillis(), config.days());
        final MarketState state;
        final TrustAndSafety trust;
        final BoostCampaigns boosts;
        final ListingLifecycle lifecycle;
        final BuyerBehaviour buyers;

        Run(EventSink sink) {
            SplittableRandom rng = RandomStreams.of(config.seed(), RandomStreams.BEHAVIOUR);
            SellerPopulation sellers = world.sellers();
            ListingPlan plan = world.listings();
            out = new EventStream(config.seed(), sink);
            state = new MarketState(plan, sellers.count);
            trust = new TrustAndSafety(sellers, state, out, rng);
            boosts = new BoostCampaigns(plan, sellers, state, out, rng);
            lifecycle = new ListingLifecycle(world.listingFactory(), state, boosts, out, rng);
            buyers = new BuyerBehaviour(world, state, lifecycle, boosts, trust, out, rng, config.seed());

            for (int s = 0; s < sellers.count; s++) {
                agenda.add(sellers.registeredAt[s], Agenda.SELLER_REGISTERED, s);
                if (sellers.verifiedAt[s] != SellerPopulation.NEVER) {
                    agenda.add(sellers.verifiedAt[s], Agenda.SELLER_VERIFIED, s);
                }
            }
            for (int l = 0; l < plan.count; l++) {
                agenda.add(plan.publishedAt[l], Agenda.LISTING_PUBLISHED, l);
            }
            BuyerPopulation b = world.buyers();
            for (int u = 0; u < b.count; u++) {
                agenda.add(b.joinedAt[u], Agenda.USER_JOINED, u);
            }
        }

        void simulate() {
            long start = config.startMillis();
            for (int day = 0; day < config.days(); day++) {
                long dayStart = start + day * SimulationConfig.DAY_MILLIS;
                long dayEnd = dayStart + SimulationConfig.DAY_MILLIS;
                out.beginDay(dayStart, dayEnd);
                trust.scheduleReports(agenda, dayStart, dayEnd);
                buyers.scheduleSessions(agenda, dayStart, dayEnd);
                for (long entry : agenda.drain(day)) {
                    perform(Agenda.kind(entry), Agenda.index(entry), dayStart + Agenda.offset(entry));
                }
                boosts.endDay();
                out.endDay();
            }
            out.finish();
        }

        private void perform(int kind, int i, long ts) {
            switch (kind) {
                case Agenda.SELLER_REGISTERED -> trust.register(i, ts);
                case Agenda.USER_JOINED -> buyers.join(i, ts);
                case Agenda.SELLER_VERIFIED -> trust.verify(i, ts);
                case Agenda.LISTING_PUBLISHED -> lifecycle.publish(i, ts, agenda);
                case Agenda.PRICE_DROP -> lifecycle.dropPrice(i, ts);
                case Agenda.RESTOCK -> lifecycle.restock(i, ts);
                case Agenda.LISTING_REMOVED -> lifecycle.remove(i, ts);
                case Agenda.BOOST_STARTED -> boosts.start(i, ts);
                case Agenda.SELLER_REPORTED -> trust.reported(i, ts);
                case Agenda.SESSION -> buyers.session(i, ts);
                default -> throw new IllegalStateException("unknown agenda kind " + kind);
            }
        }
    }
}
