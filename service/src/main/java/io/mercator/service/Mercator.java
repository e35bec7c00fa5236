package io.mercator.service;

import io.mercator.catalog.CatalogProjection;
import io.mercator.events.log.EventLog;
import io.mercator.events.log.LogPartition;
import io.mercator.events.projection.Projection;
import io.mercator.events.projection.ProjectionRunner;
import io.mercator.fallback.popularity.PopularityProjection;
import io.mercator.hydration.features.FeatureProjection;
import io.mercator.hydration.store.OnlineStore;
import io.mercator.recall.analysis.MarketplaceAnalyzer;
import io.mercator.recall.embedding.HashingTextEmbedder;
import io.mercator.service.backends.Backends;
import io.mercator.service.admin.AdminApi;
import io.mercator.service.canary.LearningLoop;
import io.mercator.service.canary.LearningLoopMetrics;
import io.mercator.service.canary.ModelLifecycle;
import io.mercator.service.canary.ModelLifecycles;
import io.mercator.service.config.MercatorConfig;
import io.mercator.service.health.Readiness;
import io.mercator.service.http.HttpVerticle;
import io.mercator.service.intake.EventIntake;
import io.mercator.service.metrics.ServiceMetrics;
import io.mercator.service.ranking.RankingStack;
import io.mercator.service.seed.DemoSeeder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * One running Mercator: the event log, the online store and the recall backends the configuration
 * names ({@link Backends}), the projections fed from the log, the intake and the HTTP front. This
 * class only wires; each part is a plain class tested on its own.
 */
public final class Mercator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Mercator.class);
    /** A projection further behind than this makes the service not ready. */
    private static final long MAX_READY_LAG = 200_000;
    /** Synthetic requests ranked before traffic (a few seconds on two cores). */
    private static final int WARM_UP_REQUESTS = 600;

    private final MercatorConfig config;
    private final DataDirLock lock;
    private final PrometheusMeterRegistry registry;
    private final Vertx vertx;
    private final Backends backends;
    private final EventLog log;
    private final OnlineStore store;
    private final CatalogProjection catalog;
    private final List<ProjectionRunner> runners = new ArrayList<>();
    private final Readiness readiness;
    private final EventIntake intake;
    private final RankingStack ranking;
    /** Model registry, canary routing and the learning loop. */
    private final ModelLifecycle lifecycle;
    private final LearningLoopMetrics loopMetrics;
    private final Promise<Void> booted = Promise.promise();
    /** The HTTP verticles, one per event loop that serves requests (see {@link #startParts}). */
    private final List<HttpVerticle> http = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Mercator(MercatorConfig config, DataDirLock lock, PrometheusMeterRegistry registry, Vertx vertx,
                     Backends backends, HashingTextEmbedder embedder) {
        this.config = config;
        this.lock = lock;
        this.registry = registry;
        this.vertx = vertx;
        this.backends = backends;
        this.log = backends.log();
        this.store = backends.store().store();
        this.catalog = new CatalogProjection();
        // the ranker asks the canary router which models score a buyer
        this.lifecycle = ModelLifecycles.fromConfig(config, Clock.systemUTC());
        this.loopMetrics = new LearningLoopMetrics(registry, lifecycle);
        this.ranking = new RankingStack(vertx, registry, log, store, catalog, lifecycle.router(), config.ranking(), embedder,
                backends.keyword(), backends.vector());
        List<Projection> projections = new ArrayList<>(List.of(catalog,
                // counters are increments: on a durable store they must not be applied again after a restart
                backends.store().writingProjection(FeatureProjection::new),
                // whole ranked lists: replaying them is harmless
                new PopularityProjection(backends.store().idempotentWrites())));
        projections.addAll(ranking.projections());
        for (Projection p : projections) {
            runners.add(new ProjectionRunner(log, p, ProjectionRunner.Options.defaults()));
        }
        // CTR per model version, interactions and served features for the learning loop (a small de-duplication window)
        runners.add(new ProjectionRunner(log, lifecycle.monitor(), ModelLifecycles.MONITOR_RUNNER));
        this.readiness = new Readiness(log, runners, MAX_READY_LAG);
        this.intake = new EventIntake(log, catalog::isKnown, Clock.systemUTC());
    }

    private static Vertx newVertx(PrometheusMeterRegistry registry) {
        return Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
                        .setJvmMetricsEnabled(true)
                        .addLabels(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE)))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
    }

    /**
     * Starts everything; completes once HTTP listens. Seeding the demo marketplace and catching up
     * go on in the background; {@link #booted()} completes when they are done.
     */
    public static Future<Mercator> start(MercatorConfig config) {
        DataDirLock lock;
        try {
            lock = DataDirLock.acquire(config.dataPath());
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new io.mercator.service.metrics.LatencyHistograms());
        Vertx vertx = newVertx(registry);
        MarketplaceAnalyzer analyzer = new MarketplaceAnalyzer();
        HashingTextEmbedder embedder = new HashingTextEmbedder(analyzer);
        return Backends.open(vertx, config, analyzer, embedder.dimension()).recover(err -> {
            vertx.close();
            lock.close();
            return Future.failedFuture(err);
        }).compose(backends -> {
            Mercator m;
            try {
                m = new Mercator(config, lock, registry, vertx, backends, embedder);
            } catch (RuntimeException e) {
                backends.close();
                vertx.close();
                lock.close();
                return Future.failedFuture(e);
            }
            return m.startParts().map(v -> m).recover(err -> {
                m.close();
                return Future.failedFuture(err);
            });
        });
    }

    private Future<Void> startParts() {
        List<Future<Void>> starts = new ArrayList<>();
        for (ProjectionRunner r : runners) {
            starts.add(r.start());
        }
        ServiceMetrics metrics = new ServiceMetrics(registry, runners, readiness);
        AdminApi admin = new AdminApi(lifecycle, loopMetrics, log, config.admin().apiKey());
        // One HTTP verticle per core, each on an event loop of its own; Vert.x binds the port once
        // and hands new connections to them in turn. With one, every request's event-loop work
        // (recall merge, hydration, filters, encoding) ran on one thread, the busiest of the process
        // (README, "Speed"). Port 0 becomes a shared random port (a negative one).
        int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        int port = config.http().port() == 0 ? -1 : config.http().port();
        // keeps the lag gauge fresh even when nobody polls /health/ready
        vertx.setPeriodic(1000, id -> readiness.check());
        return Future.all(starts)
                .compose(v -> vertx.deployVerticle(() -> {
                    HttpVerticle verticle = new HttpVerticle(config.http().host(), port, intake, ranking.ranker(),
                            readiness, metrics, registry, admin);
                    http.add(verticle);
                    return verticle;
                }, new DeploymentOptions().setInstances(instances)))
                .onSuccess(id -> boot())
                .mapEmpty();
    }

    private void boot() {
        eventsInLog().compose(events -> {
            DemoSeeder seeder = new DemoSeeder(config.dataPath(), log);
            if (!config.demo().enabled() || seeder.alreadySeeded(events)) {
                return Future.succeededFuture();
            }
            readiness.bootPhase("seeding demo marketplace");
            long now = System.currentTimeMillis();
            return vertx.executeBlocking(() -> seeder.seed(config.demo().users(), config.demo().days(), config.demo().randomSeed(), now), false)
                    .mapEmpty();
        }).compose(v -> {
            readiness.bootPhase("loading or training the ranking model");
            // production (and canary) from the registry, or the first model trained through the gate
            return vertx.executeBlocking(() -> lifecycle.boot(log), false);
        }).compose(production -> {
            // the replay left the vector index in many segments, each an HNSW graph that every
            // search walks: merged into one, a search costs a fraction (RecallSpeed, README)
            readiness.bootPhase("compacting the vector index");
            return projectionsCaughtUp().compose(v -> vertx.executeBlocking(() -> {
                        ranking.recountSellers();
                        return backends.vector().compact();
                    }, false))
                    .compose(f -> f)
                    .recover(err -> {
                        // slower searches, not a reason to stay down
                        LOG.warn("vector index compaction failed", kv("error", err.toString()));
                        return Future.succeededFuture();
                    });
        }).compose(v -> {
            // cold, the first requests took hundreds of milliseconds: compile the path before traffic
            readiness.bootPhase("warming up the ranking path");
            return ranking.warmUp(WARM_UP_REQUESTS);
        }).compose(v -> {
            // The replay and the warm-up leave gigabytes of garbage and every projection's state in
            // the young generation: left there, the first collections under traffic copied it and
            // paused 50-180 ms. One full collection now, before ready, settles it (about 0.3 s).
            readiness.bootPhase("settling the heap");
            return vertx.executeBlocking(() -> {
                long start = System.nanoTime();
                System.gc();
                LOG.info("heap settled before traffic", kv("ms", (System.nanoTime() - start) / 1_000_000));
                return null;
            }, false);
        }).compose(v -> {
            new LearningLoop(lifecycle, loopMetrics, log).start(vertx, config.canary().checkIntervalSeconds(),
                    config.retraining().checkIntervalSeconds(), config.retraining().enabled());
            return readiness.bootFinished();
        }).onComplete(ar -> {
            if (ar.succeeded()) {
                booted.complete();
            } else {
                LOG.error("boot failed", kv("error", ar.cause().toString()));
                readiness.bootPhase("boot failed: " + ar.cause().getMessage());
                booted.fail(ar.cause());
            }
        });
    }

    /** Completes once every projection has applied what the log held when this was called. */
    private Future<Void> projectionsCaughtUp() {
        return ends().compose(ends -> {
            Promise<Void> done = Promise.promise();
            vertx.setPeriodic(100, id -> {
                if (runners.stream().allMatch(r -> r.caughtUpTo(ends))) {
                    vertx.cancelTimer(id);
                    done.tryComplete();
                }
            });
            return done.future();
        });
    }

    private Future<Map<LogPartition, Long>> ends() {
        return Readiness.endOffsets(log);
    }

    private Future<Long> eventsInLog() {
        return ends().map(ends -> ends.values().stream().mapToLong(Long::longValue).sum());
    }

    /** Completes when boot (seeding included) is over; readiness then waits for the projections. */
    public Future<Void> booted() {
        return booted.future();
    }

    public int port() {
        return http.get(0).actualPort();
    }

    public Readiness readiness() {
        return readiness;
    }

    public EventLog log() {
        return log;
    }

    public OnlineStore store() {
        return store;
    }

    /** The ports in use, as the configuration chose them. */
    public Backends backends() {
        return backends;
    }

    /** Meters of this instance (component breakers and fallbacks among them), as /metrics shows them. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public CatalogProjection catalog() {
        return catalog;
    }

    /** The model registry, canary and learning loop. */
    public ModelLifecycle lifecycle() {
        return lifecycle;
    }

    public List<ProjectionRunner> runners() {
        return List.copyOf(runners);
    }

    @Override
    public void close() {
        try {
            ranking.close().toCompletionStage().toCompletableFuture().get();
        } catch (Exception e) {
            LOG.warn("the ranking worker pool did not close cleanly", kv("error", e.toString()));
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        } catch (Exception e) {
            LOG.warn("vert.x did not close cleanly", kv("error", e.toString()));
        }
        runners.forEach(ProjectionRunner::close);
        lifecycle.close();
        backends.close();
        lock.close();
    }
}
