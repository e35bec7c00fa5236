package io.mercator.autoboost;

import io.mercator.autoboost.policy.Arm;
import io.mercator.autoboost.policy.ThompsonSampling;
import io.mercator.events.Event;
import io.mercator.events.payload.BoostPayload;
import io.mercator.events.payload.InteractionPayload;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class BoostAgentTest {

    private static final long T0 = 1_767_225_600_000L; // midnight UTC
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;

    private final BoostLedger ledger = new BoostLedger();
    private final UniformRandomProvider rng = new SplittableRandom(11)::nextLong;
    private int ids;

    private void start(String campaign, String listing, double budget, double cpm, long from, long to) {
        ledger.apply(Event.of("start-" + campaign, from, listing, new BoostPayload.CampaignStarted(campaign, budget, cpm, to)));
    }

    private BoostAgent agent(Pacing pacing) {
        return new BoostAgent(ledger, ThompsonSampling.defaults(),
                new BoostAgent.Settings(0.03, 0.05, 12, pacing, 14), rng, BoostAgent.Listener.NONE);
    }

    /** Serves a placement as the ranker would: the charge and the list on the log, then the buyer's click if any. */
    private void serve(Placement p, String requestId, long ts, boolean clicked) {
        ledger.apply(p.spend());
        ledger.apply(Event.of("imps-" + requestId, ts, "u-" + requestId, new InteractionPayload.Impressions(requestId,
                "feed", null, "m1", "ios", null, List.of(new InteractionPayload.Impressions.Shown(p.listingId(), 4,
                null, p.campaignId(), p.pctr())))));
        if (clicked) {
            ledger.apply(Event.of("click-" + ids++, ts + 5_000, "u-" + requestId,
                    new InteractionPayload.Click(requestId, p.listingId())));
            if (ids % 10 == 0) { // one click in ten becomes an order
                ledger.apply(Event.of("order-" + ids, ts + 600_000, "u-" + requestId,
                        new InteractionPayload.Order(requestId, p.listingId(), 1, 900)));
            }
        }
    }

    @Test
    void shouldLowerTheBidOfABoostThatCollectsImpressionsWithoutClicks() {
        start("c-ignored", "L-ignored", 1_000, 10, T0, T0 + 3 * DAY);
        start("c-clicked", "L-clicked", 1_000, 10, T0, T0 + 3 * DAY);
        BoostAgent agent = agent(new Pacing(0.99));
        ThompsonSampling thompson = ThompsonSampling.defaults();
        List<Offer> offers = List.of(new Offer("L-ignored", 0.05, 0.05), new Offer("L-clicked", 0.05, 0.05));
        Arm fresh = ledger.armFor(offers.get(0), T0 + HOUR, settings());
        double before = thompson.clickMultiplier(fresh);
        double bidBefore = thompson.expectedScore(fresh);

        // the ranker expects 5% clicks of both; buyers click the one at that rate and never the other
        SplittableRandom buyers = new SplittableRandom(3);
        long ts = T0 + HOUR;
        for (int r = 0; r < 1_200; r++) {
            ts += 30_000;
            String listing = r % 2 == 0 ? "L-ignored" : "L-clicked";
            Placement p = agent.place("rq-" + r, ts, 1, List.of(new Offer(listing, 0.05, 0.05))).getFirst();
            serve(p, "rq-" + r, ts, listing.equals("L-clicked") && buyers.nextDouble() < 0.05);
        }

        Arm ignored = ledger.armFor(offers.get(0), ts, settings());
        Arm clicked = ledger.armFor(offers.get(1), ts, settings());
        assertThat(ignored.recentImpressions()).isGreaterThan(400);
        assertThat(ignored.recentClicks()).isZero();
        assertThat(thompson.clickMultiplier(ignored)).isLessThan(0.25 * before);
        assertThat(thompson.clickMultiplier(clicked)).isBetween(0.6, 1.6);
        assertThat(thompson.expectedScore(ignored)).isLessThan(0.25 * bidBefore)
                .isLessThan(0.3 * thompson.expectedScore(clicked));

        // and with both eligible, the bandit now sends the slot to the one buyers click
        int toClicked = 0;
        for (int r = 0; r < 200; r++) {
            List<Placement> placed = agent.place("again-" + r, ts + r, 1, offers);
            ledger.release(placed.getFirst().spend().id());
            toClicked += placed.getFirst().listingId().equals("L-clicked") ? 1 : 0;
        }
        assertThat(toClicked).isGreaterThan(190);
    }

    @Test
    void shouldNeverSpendPastTheBudgetUnderConcurrentRequests() throws Exception {
        // 1 THB at 100 THB per 1,000 impressions: exactly ten impressions
        start("c-1", "L-1", 1, 100, T0, T0 + DAY);
        BoostAgent agent = agent(new Pacing(0.99));
        long now = T0 + 23 * HOUR;
        List<Placement> placed = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger request = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < 500; i++) {
                    placed.addAll(agent.place("rq-" + request.incrementAndGet(), now, 2,
                            List.of(new Offer("L-1", 0.05, 0.05))));
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(placed).hasSize(10);
        assertThat(ledger.campaignState("c-1").reserved()).isEqualTo(1.0);

        // the charges reach the log, one of them twice (a retried append): spent once each
        for (Placement p : placed) {
            ledger.apply(p.spend());
        }
        assertThat(ledger.campaignState("c-1").spent()).isEqualTo(1.0);
        assertThat(ledger.campaignState("c-1").reserved()).isZero();
        assertThat(agent.place("rq-after", now, 2, List.of(new Offer("L-1", 0.05, 0.05)))).isEmpty();
    }

    @Test
    void shouldStopACampaignWithinOneRequestOfItsBudgetRunningOut() {
        start("c-1", "L-1", 0.3, 100, T0, T0 + DAY); // three impressions
        BoostAgent agent = agent(new Pacing(0.99));
        long now = T0 + 12 * HOUR;
        for (int r = 0; r < 3; r++) {
            assertThat(agent.place("rq-" + r, now, 2, List.of(new Offer("L-1", 0.05, 0.05)))).hasSize(1);
        }
        assertThat(agent.place("rq-3", now, 2, List.of(new Offer("L-1", 0.05, 0.05)))).isEmpty();
        assertThat(ledger.boostedListings(now)).isEmpty();
    }

    @Test
    void shouldChargeARetriedRequestOnce() {
        start("c-1", "L-1", 100, 100, T0, T0 + DAY);
        long now = T0 + 12 * HOUR;
        Pacing pacing = new Pacing(0.99);
        assertThat(ledger.reserve("c-1", "spend:rq-1:L-1", now, pacing)).isTrue();
        assertThat(ledger.reserve("c-1", "spend:rq-1:L-1", now, pacing)).isTrue();
        assertThat(ledger.campaignState("c-1").reserved()).isEqualTo(0.1);
        ledger.release("spend:rq-1:L-1");
        assertThat(ledger.campaignState("c-1").reserved()).isZero();
        assertThat(ledger.campaignState("c-1").remaining()).isEqualTo(100);
    }

    @Test
    void shouldGiveBackAReservationWhoseImpressionNeverReachedTheLog() {
        start("c-1", "L-1", 0.1, 100, T0, T0 + DAY); // one impression
        BoostAgent agent = agent(new Pacing(0.99));
        long now = T0 + 12 * HOUR;
        assertThat(agent.place("rq-lost", now, 1, List.of(new Offer("L-1", 0.05, 0.05)))).hasSize(1);
        // the response was never served (over budget, say): its charge stays reserved for a while...
        assertThat(agent.place("rq-2", now + 30_000, 1, List.of(new Offer("L-1", 0.05, 0.05)))).isEmpty();
        // ...and is given back once it is clearly lost
        long later = now + BoostLedger.RESERVATION_TTL_MILLIS + 1_000;
        assertThat(agent.place("rq-3", later, 1, List.of(new Offer("L-1", 0.05, 0.05)))).hasSize(1);
        assertThat(ledger.campaignState("c-1").reserved()).isEqualTo(0.1);
    }

    @Test
    void shouldThrottleACampaignAheadOfItsPaceAndLetItCatchUpLater() {
        // 10 THB over ten hours at 100 THB CPM (0.1 THB an impression), straight-line traffic
        start("c-1", "L-1", 10, 100, T0, T0 + 10 * HOUR);
        BoostAgent agent = agent(new Pacing(0.01));
        int firstHour = 0;
        for (int r = 0; r < 1_000; r++) {
            List<Placement> p = agent.place("rq-" + r, T0 + HOUR, 1, List.of(new Offer("L-1", 0.05, 0.05)));
            p.forEach(x -> ledger.apply(x.spend()));
            firstHour += p.size();
        }
        // ideal after one hour: 1 THB, plus one impression of allowance
        assertThat(firstHour).isBetween(10, 11);
        assertThat(new Pacing(0.01).throttled(ledger.campaignState("c-1"), T0 + HOUR, TrafficShape.FLAT)).isTrue();
        int byHourFive = firstHour;
        for (int r = 0; r < 1_000; r++) {
            List<Placement> p = agent.place("later-" + r, T0 + 5 * HOUR, 1, List.of(new Offer("L-1", 0.05, 0.05)));
            p.forEach(x -> ledger.apply(x.spend()));
            byHourFive += p.size();
        }
        assertThat(byHourFive).isBetween(50, 51);
        assertThat(ledger.campaignState("c-1").spent()).isLessThanOrEqualTo(5.1);
    }

    @Test
    void shouldNotPlaceAListingWithoutALiveCampaign() {
        start("c-ended", "L-1", 100, 10, T0, T0 + HOUR);
        start("c-later", "L-2", 100, 10, T0 + DAY, T0 + 2 * DAY);
        BoostAgent agent = agent(new Pacing(0.99));
        assertThat(agent.place("rq", T0 + 2 * HOUR, 2, List.of(new Offer("L-1", 0.05, 0.05),
                new Offer("L-2", 0.05, 0.05), new Offer("L-organic", 0.2, 0.1)))).isEmpty();
    }

    private static BoostAgent.Settings settings() {
        return new BoostAgent.Settings(0.03, 0.05, 12, new Pacing(0.99), 14);
    }
}
