package io.mercator.service.text;

import io.mercator.events.log.EventLog;
import io.mercator.events.projection.ProjectionRunner;
import io.mercator.nlp.SafetyPolicy;
import io.mercator.nlp.reply.TemplateUsage;
import io.mercator.nlp.service.EventBusTextAnalysis;
import io.mercator.nlp.service.NlpVerticle;
import io.mercator.nlp.service.TextEngine;
import io.mercator.nlp.service.TextHttpApi;
import io.mercator.nlp.service.TextRelease;
import io.mercator.nlp.model.TextModelStore;
import io.mercator.service.admin.DeploymentReleases;
import io.mercator.service.config.MercatorConfig;
import io.mercator.service.health.StandaloneRoutes;
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
 * Text intelligence as a deployment of its own ({@code mercator nlp}): the nlp verticle, its HTTP
 * API ({@code POST /analyze-text}, {@code POST /auto-reply}), {@code /health/live},
 * {@code /health/ready} (ready once a model is loaded) and {@code /metrics}. The service reaches it
 * with {@code nlp.mode: remote}. When it is given the event log, it reads the seller's template
 * choices from it, so suggestions rank by use as in the embedded mode; without one (a text-only
 * deployment), suggestions keep their file order. With the log it also runs the text model's
 * releases ({@code /admin/releases/text}, {@link DeploymentReleases}), which the service's admin API
 * forwards to. Wiring only.
 */
public final class NlpServer {

    private static final Logger LOG = LoggerFactory.getLogger(NlpServer.class);

    private final Vertx vertx;
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final TemplateUsage usage = new TemplateUsage();
    private final TextEngine engine;
    private final MercatorConfig all;
    private final MercatorConfig.Nlp config;
    private ProjectionRunner usageRunner;
    private DeploymentReleases releases;
    private HttpServer http;

    public NlpServer(Vertx vertx, MercatorConfig config) {
        this.vertx = vertx;
        this.all = config;
        this.config = config.nlp();
        this.engine = new TextEngine(new SafetyPolicy(SafetyPolicy.DEFAULT.weights(), this.config.reviewBelow(),
                this.config.blockBelow()),
                usage, meters);
    }

    /**
     * Starts answering on {@code port} (0 for any): 503 until the models are loaded.
     *
     * @param log the event log to read template choices from and to write releases to, or null
     *            (then the release routes answer 503)
     */
    public Future<Integer> start(String host, int port, EventLog log) {
        Router router = Router.router(vertx);
        StandaloneRoutes.mount(router, engine::ready, engine::modelVersion, meters);
        new TextHttpApi(new EventBusTextAnalysis(vertx, config.timeoutMs()), null).mount(router);
        releases = DeploymentReleases.mount(vertx, router, all, log, "text", (runner, events, clock) ->
                TextRelease.control(engine, new TextModelStore(all.dataPath()), runner, events, clock));
        Future<Void> usageStarted = Future.succeededFuture();
        if (log != null) {
            usageRunner = new ProjectionRunner(log, usage, ProjectionRunner.Options.defaults());
            usageStarted = usageRunner.start();
        }
        return usageStarted
                .compose(v -> NlpVerticle.deploy(vertx, engine, config.workers()))
                .compose(id -> vertx.createHttpServer().requestHandler(router)
                        .invalidRequestHandler(io.mercator.service.http.InvalidRequests::answer).listen(port, host))
                .map(server -> {
                    http = server;
                    LOG.atInfo().addKeyValue("port", server.actualPort()).log("nlp service listening");
                    return server.actualPort();
                });
    }

    /** Loads the data directory's production text models, or trains the first version (blocking). */
    public void loadOrTrainModels(Path dataDir) {
        engine.load(TextModelBoot.loadOrTrain(dataDir, Path.of(config.trainingData()), engine));
    }

    public TextEngine engine() {
        return engine;
    }

    public Future<Void> close() {
        if (usageRunner != null) {
            usageRunner.close();
        }
        if (releases != null) {
            releases.close();
        }
        return http == null ? Future.succeededFuture() : http.close();
    }
}
