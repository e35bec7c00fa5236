package io.mercator.service.text;

import io.mercator.events.log.EventLog;
import io.mercator.events.projection.ProjectionRunner;
import io.mercator.nlp.SafetyPolicy;
import io.mercator.nlp.reply.TemplateUsage;
import io.mercator.nlp.service.EventBusTextAnalysis;
import io.mercator.nlp.service.NlpVerticle;
import io.mercator.nlp.service.TextEngine;
import io.mercator.nlp.service.TextHttpApi;
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
 * deployment), suggestions keep their file order. Wiring only.
 */
public final class NlpServer {

    private static final Logger LOG = LoggerFactory.getLogger(NlpServer.class);

    private final Vertx vertx;
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final TemplateUsage usage = new TemplateUsage();
    private final TextEngine engine;
    private final MercatorConfig.Nlp config;
    private ProjectionRunner usageRunner;
    private HttpServer http;

    public NlpServer(Vertx vertx, MercatorConfig.Nlp config) {
        this.vertx = vertx;
        this.config = config;
        this.engine = new TextEngine(new SafetyPolicy(SafetyPolicy.DEFAULT.weights(), config.reviewBelow(), config.blockBelow()),
                usage, meters);
    }

    /**
     * Starts answering on {@code port} (0 for any): 503 until the models are loaded.
     *
     * @param log the event log to read template choices from, or null
     */
    public Future<Integer> start(String host, int port, EventLog log) {
        Router router = Router.router(vertx);
        StandaloneRoutes.mount(router, engine::ready, engine::modelVersion, meters);
        new TextHttpApi(new EventBusTextAnalysis(vertx, config.timeoutMs()), null).mount(router);
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
        return http == null ? Future.succeededFuture() : http.close();
    }
}
