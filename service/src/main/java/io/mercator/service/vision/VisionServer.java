package io.mercator.service.vision;

import io.mercator.events.log.EventLog;
import io.mercator.service.admin.DeploymentReleases;
import io.mercator.service.config.MercatorConfig;
import io.mercator.vision.category.CategoryHeadStore;
import io.mercator.vision.service.ImageRelease;
import io.mercator.service.health.StandaloneRoutes;
import io.mercator.vision.service.EventBusImageAnalysis;
import io.mercator.vision.service.VisionEngine;
import io.mercator.vision.service.VisionHttpApi;
import io.mercator.vision.service.VisionVerticle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * Image intelligence as a deployment of its own ({@code mercator vision}): the vision verticle, its
 * HTTP API ({@code POST /analyze-image}, which gives the photo's fingerprint out on
 * {@code ?fingerprint=true} for the service that indexes it), {@code /health/live},
 * {@code /health/ready} (ready once the models are loaded) and {@code /metrics}. The service
 * reaches it with {@code vision.mode: remote} and keeps the near-duplicate index, the events and the
 * moderation items itself: this deployment holds no state but its models. Given the event log, it
 * also runs the image model's releases ({@code /admin/releases/image}, {@link DeploymentReleases}),
 * which the service's admin API forwards to. Wiring only.
 */
public final class VisionServer {

    private static final Logger LOG = LoggerFactory.getLogger(VisionServer.class);

    private final Vertx vertx;
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final VisionEngine engine = new VisionEngine(meters);
    private final MercatorConfig all;
    private final MercatorConfig.Vision config;
    private DeploymentReleases releases;
    private HttpServer http;

    public VisionServer(Vertx vertx, MercatorConfig config) {
        this.vertx = vertx;
        this.all = config;
        this.config = config.vision();
    }

    /**
     * Starts answering on {@code port} (0 for any): 503 until the models are loaded.
     *
     * @param log the event log to write the image model's releases to, or null (then the release routes answer 503)
     */
    public Future<Integer> start(String host, int port, EventLog log) {
        Router router = Router.router(vertx);
        StandaloneRoutes.mount(router, engine::ready, engine::modelVersion, meters);
        new VisionHttpApi(new EventBusImageAnalysis(vertx, config.timeoutMs()), (report, ids) -> Future.succeededFuture(report),
                true).mount(router);
        releases = DeploymentReleases.mount(vertx, router, all, log, "image", (runner, events, clock) ->
                ImageRelease.control(engine, new CategoryHeadStore(all.dataPath()), runner, events, clock));
        return VisionVerticle.deploy(vertx, engine, config.workers(), config.workerNiceness())
                .compose(id -> vertx.createHttpServer().requestHandler(router)
                        .invalidRequestHandler(io.mercator.service.http.InvalidRequests::answer).listen(port, host))
                .map(server -> {
                    http = server;
                    LOG.atInfo().addKeyValue("port", server.actualPort()).log("vision service listening");
                    return server.actualPort();
                });
    }

    /** Loads the backbone and the data directory's production head, or trains the first one (blocking). */
    public void loadOrTrainModels(Path dataDir) {
        VisionModelBoot.loadOrTrain(config, dataDir, engine);
    }

    public VisionEngine engine() {
        return engine;
    }

    public Future<Void> close() {
        if (releases != null) {
            releases.close();
        }
        return http == null ? Future.succeededFuture() : http.close();
    }
}
