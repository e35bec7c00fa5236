package io.mercator.ranking;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mercator.events.Categories;
import io.mercator.events.Thailand;
import io.mercator.ranking.hydrator.CatalogSellerCounts;
import io.mercator.ranking.resilience.Scheduler;
import io.mercator.ranking.resilience.Worker;

import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Prints p50/p99 of {@code Ranker.feed} over a synthetic catalog of 50k listings with in-memory
 * doubles, at 200 and 1,000 candidates. Prints only; nothing asserts on time. Run with
 * {@code java -cp <test classpath> io.mercator.ranking.RankerLatency}.
 */
public final class RankerLatency {

    private static final int LISTINGS = 50_000;
    private static final int WARMUP = 1_500;
    private static final int MEASURED = 3_000;

    private RankerLatency() {
    }

    public static void main(String[] args) {
        Market market = new Market();
        Random rnd = new Random(7);
        String[] ids = new String[LISTINGS];
        for (int i = 0; i < LISTINGS; i++) {
            Thailand.Province p = Thailand.PROVINCES.get(rnd.nextInt(Thailand.PROVINCES.size()));
            Categories.Category c = Categories.ALL.get(rnd.nextInt(Categories.ALL.size()));
            ids[i] = "L" + i;
            market.listing(ids[i], "S" + rnd.nextInt(5_000), c.slug(), c.medianPrice() * (0.5 + rnd.nextDouble()),
                    p.name(), new double[]{p.lat() + rnd.nextGaussian() * 0.05, p.lon() + rnd.nextGaussian() * 0.05});
        }
        for (int i = 0; i < 20_000; i++) {
            market.clicks(ids[rnd.nextInt(LISTINGS)], 1);
        }
        market.buyer("buyer", Market.BANGKOK, 500);
        market.apply();

        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try {
            for (int candidates : new int[]{200, 1_000}) {
                run(market, ids, candidates, Scheduler.of(timer), Worker.of(workers));
            }
        } finally {
            timer.shutdownNow();
            workers.shutdownNow();
        }
    }

    private static void run(Market market, String[] ids, int candidates, Scheduler scheduler, Worker worker) {
        Random rnd = new Random(candidates);
        VectorRecallDouble vector = new VectorRecallDouble();
        RankingPorts ports = new RankingPorts(market.store, market.catalog, new KeywordRecallDouble(), vector,
                new TextEmbedderDouble(), id -> Optional.of(new float[]{1, 0, 0, 0}),
                () -> Optional.of(new ClickModelsDouble()), new FeatureVectorizerDouble(), new RecordingEventLog(),
                CatalogSellerCounts.countedNow(market.catalog), market.boostAgent());
        RankingRuntime runtime = new RankingRuntime(new SimpleMeterRegistry(),
                CircuitBreakerRegistry.of(RankingRuntime.defaultBreakerConfig()), TimeLimiterRegistry.ofDefaults(),
                BulkheadRegistry.ofDefaults(), scheduler, worker);
        // the budgets are generous here: this measures the work, not the fallbacks
        RankingConfig config = RankingHarness.candidates(candidates, candidates)
                .withBudget("hydration", java.time.Duration.ofSeconds(1))
                .withBudget("scorer", java.time.Duration.ofSeconds(1))
                .withPipelineBudget(java.time.Duration.ofSeconds(2));
        Ranker ranker = Ranker.create(ports, runtime, config);
        long[] nanos = new long[MEASURED];
        int degraded = 0;
        for (int i = 0; i < WARMUP + MEASURED; i++) {
            String[] hits = new String[candidates];
            for (int k = 0; k < candidates; k++) {
                hits[k] = ids[rnd.nextInt(ids.length)];
            }
            vector.answers(hits);
            RankingQuery q = RankingQuery.feed("r" + i, "buyer", 13.7563, 100.5018, null, "ios", market.now());
            long t0 = System.nanoTime();
            RankingResult r = ranker.feed(q).toCompletionStage().toCompletableFuture().join();
            long took = System.nanoTime() - t0;
            if (i >= WARMUP) {
                nanos[i - WARMUP] = took;
                degraded += r.degraded().isEmpty() ? 0 : 1;
            }
        }
        Arrays.sort(nanos);
        System.out.printf("Ranker.feed over %,d listings, %,d candidates: p50 %.2f ms, p99 %.2f ms (%d requests, %d degraded)%n",
                LISTINGS, candidates, nanos[MEASURED / 2] / 1e6, nanos[(int) (MEASURED * 0.99)] / 1e6, MEASURED, degraded);
    }
}
