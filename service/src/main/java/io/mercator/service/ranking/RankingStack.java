package io.mercator.service.ranking;

import io.mercator.autoboost.BoostAgent;
import io.mercator.catalog.CatalogView;
import io.mercator.catalog.Listing;
import io.mercator.events.log.EventLog;
import io.mercator.events.projection.Projection;
import io.mercator.hydration.features.FeatureReader;
import io.mercator.hydration.store.OnlineStore;
import io.mercator.learning.RankingFeatures;
import io.mercator.learning.ModelSelection;
import io.mercator.ranking.Ranker;
import io.mercator.ranking.RankingConfig;
import io.mercator.ranking.RankingPorts;
import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.RankingRuntime;
import io.mercator.ranking.hydrator.CatalogSellerCounts;
import io.mercator.ranking.resilience.Scheduler;
import io.mercator.ranking.resilience.Worker;
import io.mercator.recall.KeywordRecall;
import io.mercator.recall.VectorRecall;
import io.mercator.recall.embedding.HashingTextEmbedder;
import io.mercator.recall.embedding.ListingEmbeddings;
import io.mercator.recall.embedding.UserVectors;
import io.mercator.recall.projection.RecallIndexProjection;
import io.mercator.recall.projection.UserInterestProjection;
import io.mercator.service.config.MercatorConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Wires recall, features and models into a {@link Ranker}: the keyword and vector recall ports
 * (whichever backends the configuration chose) fed by their projection, the hashing text embedder,
 * user vectors from recent interactions, and the active LightGBM models. Wiring only; every part is
 * tested in its own module. The recall ports belong to the caller, who closes them.
 */
public final class RankingStack {

    /** Listing rows decoded per store read during the warm-up. */
    private static final int PRELOAD_CHUNK = 1_000;

    private final RecallIndexProjection recallIndex;
    private final UserInterestProjection interests;
    private final CatalogSellerCounts sellerCounts;
    private final Ranker ranker;
    private final CatalogView catalog;
    private final FeatureReader features;
    private final WorkerExecutor workers;
    private Future<Void> closed;

    /**
     * @param embedder the text embedder, built on the analyzer keyword recall uses
     * @param keyword  keyword recall, opened for the embedder's analyzer
     * @param vector   vector recall, opened for the embedder's dimension
     * @param boosts   the auto-boost agent that fills the sponsored slots
     */
    public RankingStack(Vertx vertx, MeterRegistry registry, EventLog log, OnlineStore store, CatalogView catalog,
                        ModelSelection models, MercatorConfig.Ranking config, HashingTextEmbedder embedder,
                        KeywordRecall keyword, VectorRecall vector, BoostAgent boosts) {
        ListingEmbeddings embeddings = new ListingEmbeddings(embedder);
        this.recallIndex = new RecallIndexProjection(keyword, vector, embeddings);
        this.interests = new UserInterestProjection();
        UserVectors userVectors = new UserVectors(interests, embeddings);
        this.catalog = catalog;
        this.features = new FeatureReader(store);
        this.sellerCounts = CatalogSellerCounts.countedNow(catalog);
        RankingPorts ports = new RankingPorts(store, catalog, keyword, vector, embedder, userVectors::of, models,
                new RankingFeatures(), log, sellerCounts, boosts);
        this.workers = vertx.createSharedWorkerExecutor("ranking", 2);
        Worker worker = Worker.of(workers).timingQueue(Timer.builder(Worker.QUEUE_WAIT).publishPercentileHistogram()
                .description("time a ranking task waited for a worker thread").register(registry));
        RankingRuntime runtime = RankingRuntime.create(registry, Scheduler.of(vertx), worker);
        this.ranker = Ranker.create(ports, runtime, rankingConfig(config));
        // new sellers posting many listings is a fraud signal; recounted off the request path once a
        // minute (a walk over the whole catalog), and once the boot replay is over
        vertx.setPeriodic(60_000, id -> vertx.executeBlocking(() -> {
            sellerCounts.refresh();
            return null;
        }, false));
    }

    /**
     * Ranks {@code requests} synthetic requests before the service takes traffic, half of them
     * anonymous feeds around live listings, half searches for the first word of their titles, so
     * that the JIT has compiled the request path (see {@link Ranker#warmUp}). Then, where the store
     * keeps decoded rows, every live listing's feature row is decoded once: under traffic the first
     * reads of fifty thousand rows promoted tens of megabytes in the first young collections, which
     * paused 50-100 ms. Nothing is written.
     */
    public Future<Void> warmUp(int requests) {
        List<Listing> sample = new ArrayList<>(requests);
        catalog.forEachLive(l -> {
            if (sample.size() < requests) {
                sample.add(l);
            }
        });
        long now = System.currentTimeMillis();
        List<RankingQuery> queries = new ArrayList<>(sample.size());
        for (int i = 0; i < sample.size(); i++) {
            Listing l = sample.get(i);
            String id = "warm-up-" + i;
            if (i % 2 == 0) {
                queries.add(RankingQuery.feed(id, null, l.lat(), l.lon(), null, "web", now));
            } else {
                String word = l.title().strip().split("\\s+")[0];
                queries.add(RankingQuery.search(id, null, word.substring(0, Math.min(40, word.length())), l.lat(),
                        l.lon(), null, "web", now));
            }
        }
        List<String> live = new ArrayList<>();
        catalog.forEachLive(l -> live.add(l.id()));
        return ranker.warmUp(queries).compose(v -> features.preloadProducts(live, PRELOAD_CHUNK)).mapEmpty();
    }

    /**
     * Closes the ranking worker pool. Left open, Vert.x keeps it (and through it the closed Vert.x
     * instance, its timers and everything they refer to) for a cleaner to find: a closed service's
     * whole state stayed reachable, and a second service in the same JVM ran beside it.
     */
    public synchronized Future<Void> close() {
        if (closed == null) {
            closed = workers.close();
        }
        return closed;
    }

    /** Recounts live listings per seller now; blocking (a walk over the catalog), call it from a worker. */
    public void recountSellers() {
        sellerCounts.refresh();
    }

    static RankingConfig rankingConfig(MercatorConfig.Ranking c) {
        return new RankingConfig(Duration.ofMillis(c.pipelineBudgetMs()), c.components());
    }

    /** The projections that keep recall in step with the log; the service runs them like the others. */
    public List<Projection> projections() {
        return List.of(recallIndex, interests);
    }

    public Ranker ranker() {
        return ranker;
    }
}
