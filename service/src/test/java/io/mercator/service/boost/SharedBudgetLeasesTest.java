package io.mercator.service.boost;

import io.mercator.autoboost.BoostAgent;
import io.mercator.autoboost.BoostLedger;
import io.mercator.autoboost.BudgetLeases;
import io.mercator.autoboost.Offer;
import io.mercator.autoboost.Pacing;
import io.mercator.autoboost.Placement;
import io.mercator.autoboost.policy.Greedy;
import io.mercator.events.Event;
import io.mercator.events.payload.BoostPayload;
import io.mercator.hydration.store.InProcessOnlineStore;
import io.mercator.hydration.store.OnlineStore;
import io.mercator.hydration.store.redis.RedisOnlineStore;
import io.mercator.hydration.store.redis.RedisServerProcess;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two serving instances spend one campaign's budget at once, each from its own ledger, and each
 * never sees the other's charges (the worst lag the log can have): with their budget leased from
 * one shared store they spend exactly the budget between them, on the embedded store and on a real
 * Redis; each alone, without leases, they would spend it twice.
 */
class SharedBudgetLeasesTest {

    private static final long T0 = 1_767_225_600_000L;
    private static final long DAY = 86_400_000L;
    /** 10 THB at 100 THB per 1,000 impressions: exactly 100 impressions. */
    private static final double BUDGET = 10;
    private static final int IMPRESSIONS = 100;

    private static Vertx vertx;
    private static RedisServerProcess redis;

    @BeforeAll
    static void startRedis() {
        vertx = Vertx.vertx();
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
        if (vertx != null) {
            vertx.close();
        }
    }

    private static RedisOnlineStore redisStore() {
        return new RedisOnlineStore(vertx, RedisOnlineStore.Options.of(redis.connectionString())
                .withCommandTimeout(Duration.ofSeconds(2)));
    }

    @Test
    void twoInstancesSpendExactlyTheBudgetBetweenThemOnTheEmbeddedStore() throws Exception {
        OnlineStore store = new InProcessOnlineStore(Clock.systemUTC());
        assertThat(spendFromTwoInstances(c -> new SharedBudgetLeases(store, Clock.systemUTC()))).isEqualTo(IMPRESSIONS);
    }

    @Test
    void twoInstancesSpendExactlyTheBudgetBetweenThemOnRedis() throws Exception {
        try (RedisOnlineStore a = redisStore(); RedisOnlineStore b = redisStore()) {
            // each instance its own connection pool, as two pods would have
            List<OnlineStore> stores = List.of(a, b);
            AtomicInteger next = new AtomicInteger();
            assertThat(spendFromTwoInstances(c -> new SharedBudgetLeases(stores.get(next.getAndIncrement() % 2),
                    Clock.systemUTC()))).isEqualTo(IMPRESSIONS);
        }
    }

    @Test
    void withoutSharedLeasesTwoInstancesWouldSpendTheBudgetTwice() throws Exception {
        // what the leases prevent: each instance alone believes the whole budget is its own
        assertThat(spendFromTwoInstances(c -> BudgetLeases.SOLE)).isEqualTo(2 * IMPRESSIONS);
    }

    @Test
    void anInstanceThatStopsGivesItsUnspentLeaseBackToTheOther() throws Exception {
        try (RedisOnlineStore store = redisStore()) {
            String campaign = "c-" + UUID.randomUUID();
            Instance first = new Instance(new SharedBudgetLeases(store, Clock.systemUTC()), campaign);
            Instance second = new Instance(new SharedBudgetLeases(store, Clock.systemUTC()), campaign);
            long now = T0 + DAY - 1;
            // the first takes a slice, spends three impressions of it, and stops
            int spentByFirst = 0;
            for (int r = 0; r < 1_000 && spentByFirst < 3; r++) {
                spentByFirst += first.placeAndRecord("first-" + r, now);
                Thread.sleep(spentByFirst == 0 ? 1 : 0);
            }
            assertThat(spentByFirst).isEqualTo(3);
            first.ledger.giveBackLeases().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            Map<String, String> counter = store.readHashes(List.of(SharedBudgetLeases.key(campaign)))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).getFirst();
            assertThat(counter).containsEntry(SharedBudgetLeases.FIELD, "300000"); // 3 x 0.1 THB, in millionths
            // the second can spend everything else
            int spentBySecond = drain(second, now, "second-");
            assertThat(spentBySecond).isEqualTo(IMPRESSIONS - 3);
        }
    }

    /** Both instances place as fast as they can from 4 threads each; answers the impressions charged in all. */
    private static int spendFromTwoInstances(Function<String, BudgetLeases> leases) throws Exception {
        String campaign = "c-" + UUID.randomUUID();
        List<Instance> instances = List.of(new Instance(leases.apply(campaign), campaign),
                new Instance(leases.apply(campaign), campaign));
        long now = T0 + DAY - 1; // at the end of the flight pacing allows the whole budget
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger request = new AtomicInteger();
        List<Future<Integer>> done = new ArrayList<>();
        try {
            for (int t = 0; t < 8; t++) {
                Instance instance = instances.get(t % 2);
                done.add(pool.submit(() -> drain(instance, now, "rq-" + request.incrementAndGet() + "-")));
            }
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            for (Instance i : instances) {
                // every charge reached its own instance's ledger, and none past the budget it knows of
                assertThat(i.ledger.campaignState(campaign).spent()).isLessThanOrEqualTo(BUDGET);
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Places until a whole second passes without a placement (leases refused meanwhile are retried after 1 s). */
    private static int drain(Instance instance, long now, String prefix) throws InterruptedException {
        int placed = 0;
        long idleSince = System.nanoTime();
        for (int r = 0; System.nanoTime() - idleSince < TimeUnit.MILLISECONDS.toNanos(2_500); r++) {
            int got = instance.placeAndRecord(prefix + r, now);
            placed += got;
            if (got > 0) {
                idleSince = System.nanoTime();
            } else {
                Thread.sleep(1);
            }
        }
        return placed;
    }

    /** One serving instance: its own ledger, which sees only its own charges. */
    private static final class Instance {
        final BoostLedger ledger;
        final BoostAgent agent;
        final String campaign;

        Instance(BudgetLeases leases, String campaign) {
            this.campaign = campaign;
            this.ledger = new BoostLedger(leases);
            ledger.apply(Event.of("start-" + campaign, T0, "L-1",
                    new BoostPayload.CampaignStarted(campaign, BUDGET, 100, T0 + DAY)));
            this.agent = new BoostAgent(ledger, new Greedy(), new BoostAgent.Settings(0.03, 0.05, 12, new Pacing(0.99), 0),
                    () -> 42L, BoostAgent.Listener.NONE);
        }

        int placeAndRecord(String requestId, long now) {
            List<Placement> placed = agent.place(requestId, now, 1, List.of(new Offer("L-1", 0.05, 0.05)));
            for (Placement p : placed) {
                ledger.apply(p.spend());
            }
            return placed.size();
        }
    }

}
