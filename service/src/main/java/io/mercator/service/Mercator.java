package io.mercator.service;

import io.mercator.catalog.CatalogProjection;
import io.mercator.events.log.EventLog;
import io.mercator.events.log.LogPartition;
import io.mercator.events.projection.ProjectionRunner;
import io.mercator.hydration.store.OnlineStore;
import io.mercator.service.backends.Backends;
import io.mercator.service.access.AccessKeys;
import io.mercator.service.access.ClientAccess;
import io.mercator.service.admin.AdminApi;
import io.mercator.learning.lifecycle.LearningLoop;
import io.mercator.learning.lifecycle.LearningLoopMetrics;
import io.mercator.learning.lifecycle.ModelLifecycle;
import io.mercator.ranking.Ranker;
import io.mercator.service.config.MercatorConfig;
import io.mercator.learning.RankingFeatures;
import io.mercator.service.health.Readiness;
import io.mercator.service.ops.OpsSampler;
import io.mercator.service.http.HttpVerticle;
import io.mercator.service.intake.EventIntake;
import io.mercator.service.metrics.ServiceMetrics;
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
import java.util.List;
import java.util.Map;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * One running Mercator: the parts of the {@link Assembly} (backends, projections, ranking, model
 * lifecycle), the intake and the HTTP front, and the boot sequence (seed, load or train a model,
 * compact, warm up) before ready. This class only starts and wires; each part is a plain class
 * tested on its own.
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
    private final Assembly parts;
    private final Readiness readiness;
    private final EventIntake intake;
    private final LearningLoopMetrics loopMetrics;
    private final Promise<Void> booted = Promise.promise();
    /** The HTTP verticles, one per event loop that serves requests (see {@link #startParts}). */
    private final List<HttpVerticle> http = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Mercator(MercatorConfig config, DataDirLock lock, PrometheusMeterRegistry registry, Vertx vertx,
                     Assembly parts) {
        this.config = config;
        this.lock = lock;
        this.registry = registry;
        this.vertx = vertx;
        this.parts = parts;
        this.loopMetrics = new LearningLoopMetrics(registry, parts.lifecycle());
        this.readiness = new Readiness(parts.log(), parts.runners(), MAX_READY_LAG);
        this.intake = new EventIntake(parts.log(), parts.catalog()::isKnown, parts.boosts().ledger(), Clock.systemUTC());
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
        return Assembly.open(vertx, registry, config).recover(err -> {
            vertx.close();
            lock.close();
            return Future.failedFuture(err);
        }).compose(parts -> {
            Mercator m;
            try {
                m = new Mercator(config, lock, registry, vertx, parts);
            } catch (RuntimeException e) {
                parts.close();
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
        ServiceMetrics metrics = new ServiceMetrics(registry, parts.runners(), readiness);
        OpsSampler ops = new OpsSampler(registry, readiness, parts.lifecycle(),
                List.copyOf(parts.ranking().ranker().knobDefaults().keySet()), RankingFeatures.NAMES);
        ops.start(vertx);
        AdminApi admin = new AdminApi(parts.lifecycle(), loopMetrics, parts.log(), parts.keys().admins(),
                parts.moderationQueue(), parts.overrides(), parts.auditTrail(), parts.catalog(), ops,
                Clock.systemUTC(), parts.fraud().loop(), parts.releases());
        MercatorConfig.RateLimit limits = config.http().rateLimit();
        ClientAccess clients = new ClientAccess(parts.keys().clients(), limits.perKeyPerSecond(),
                limits.perAddressPerSecond());
        // One HTTP verticle per core, each on an event loop of its own; Vert.x binds the port once
        // and hands new connections to them in turn. With one, every request's event-loop work
        // (recall merge, hydration, filters, encoding) ran on one thread, the busiest of the process
        // (README, "Speed"). Port 0 becomes a shared random port (a negative one).
        int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        int port = config.http().port() == 0 ? -1 : config.http().port();
        // keeps the lag gauge fresh even when nobody polls /health/ready
        vertx.setPeriodic(1000, id -> readiness.check());
        return parts.startProjections()
                .compose(v -> parts.text().deploy(vertx))
                .compose(v -> parts.vision().deploy(vertx))
                .compose(v -> vertx.deployVerticle(() -> {
                    HttpVerticle verticle = new HttpVerticle(config.http().host(), port, intake, parts.ranking().ranker(),
                            readiness, metrics, registry, admin, clients, router -> {
                                parts.text().mount(router);
                                parts.vision().mount(router);
                            });
                    http.add(verticle);
                    return verticle;
                }, new DeploymentOptions().setInstances(instances)))
                .onSuccess(id -> boot())
                .mapEmpty();
    }

    private void boot() {
        eventsInLog().compose(events -> {
            DemoSeeder seeder = new DemoSeeder(config.dataPath(), parts.log());
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
            return vertx.executeBlocking(() -> parts.lifecycle().boot(parts.log()), false);
        }).compose(production -> {
            // the replay left the vector index in many segments, each an HNSW graph that every
            // search walks: merged into one, a search costs a fraction (RecallSpeed, README)
            readiness.bootPhase("compacting the vector index");
            return projectionsCaughtUp().compose(v -> vertx.executeBlocking(() -> {
                        parts.ranking().recountSellers();
                        return parts.backends().vector().compact();
                    }, false))
                    .compose(f -> f)
                    .recover(err -> {
                        // slower searches, not a reason to stay down
                        LOG.warn("vector index compaction failed", kv("error", err.toString()));
                        return Future.succeededFuture();
                    });
        }).compose(v -> {
            // text analysis answers 503 with the reason until its models are here; a missing model
            // is not a reason for /feed to stay down
            readiness.bootPhase("loading or training the text models");
            return vertx.executeBlocking(() -> {
                parts.text().loadOrTrainModels();
                return null;
            }, false).recover(err -> {
                LOG.atWarn().addKeyValue("reason", err.getMessage()).log("text analysis has no model");
                return Future.succeededFuture();
            });
        }).compose(v -> {
            // image analysis answers 503 with the reason until its models are here; training the
            // category head at first start takes a minute or two, and /feed does not wait for it
            vertx.executeBlocking(() -> {
                parts.vision().loadOrTrainModels();
                return null;
            }, false);
            return Future.succeededFuture();
        }).compose(v -> {
            // cold, the first requests took hundreds of milliseconds: compile the path before traffic
            readiness.bootPhase("warming up the ranking path");
            return parts.ranking().warmUp(WARM_UP_REQUESTS);
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
            new LearningLoop(parts.lifecycle(), loopMetrics, parts.log()).start(vertx, config.canary().checkIntervalSeconds(),
                    config.retraining().checkIntervalSeconds(), config.retraining().enabled());
            // every listing's text, analysed once the projections know what was analysed before
            parts.text().startScreening(vertx, readiness::caughtUpOnce);
            // the fraud models, trained on what the replay knows
            parts.fraud().start(vertx);
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
                if (parts.runners().stream().allMatch(r -> r.caughtUpTo(ends))) {
                    vertx.cancelTimer(id);
                    done.tryComplete();
                }
            });
            return done.future();
        });
    }

    private Future<Map<LogPartition, Long>> ends() {
        return Readiness.endOffsets(parts.log());
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

    /** Every API route the HTTP front serves, as {@code "GET /feed"}. */
    public List<String> routes() {
        return http.get(0).routes();
    }

    public Readiness readiness() {
        return readiness;
    }

    public EventLog log() {
        return parts.log();
    }

    public OnlineStore store() {
        return parts.store();
    }

    /** The ports in use, as the configuration chose them. */
    public Backends backends() {
        return parts.backends();
    }

    /** Meters of this instance (component breakers and fallbacks among them), as /metrics shows them. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public CatalogProjection catalog() {
        return parts.catalog();
    }

    /** The model registry, canary and learning loop. */
    public ModelLifecycle lifecycle() {
        return parts.lifecycle();
    }

    /** The release controls of every model kind (shadow, blue-green). */
    public io.mercator.release.Releases releases() {
        return parts.releases();
    }

    /** The ranker, for what a test or the bench asks of it beyond HTTP. */
    public Ranker ranker() {
        return parts.ranking().ranker();
    }

    public List<ProjectionRunner> runners() {
        return parts.runners();
    }

    /** The moderation queue as its projection holds it. */
    public io.mercator.moderation.ModerationQueue moderationQueue() {
        return parts.moderationQueue();
    }

    /** Text analysis, auto-reply and the listing flow's screening. */
    public io.mercator.service.vision.VisionStack vision() {
        return parts.vision();
    }

    /** The auto-boost agent and its ledger of campaigns. */
    public io.mercator.service.boost.BoostStack boosts() {
        return parts.boosts();
    }

    public io.mercator.service.text.TextStack text() {
        return parts.text();
    }

    /** The admin and client keys this instance accepts (labels and digests; a demo's key once, when made). */
    public AccessKeys keys() {
        return parts.keys();
    }

    @Override
    public void close() {
        try {
            parts.ranking().close().toCompletionStage().toCompletableFuture().get();
        } catch (Exception e) {
            LOG.warn("the ranking worker pool did not close cleanly", kv("error", e.toString()));
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        } catch (Exception e) {
            LOG.warn("vert.x did not close cleanly", kv("error", e.toString()));
        }
        parts.close();
        lock.close();
    }
}
