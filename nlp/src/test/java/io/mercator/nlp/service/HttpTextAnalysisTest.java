package io.mercator.nlp.service;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;

import java.util.concurrent.TimeUnit;

/**
 * The contract against a separate nlp deployment over HTTP: a server with the nlp verticle and the
 * text API on a port of its own, as {@code mercator nlp} runs it, reached through
 * {@link HttpTextAnalysis}.
 */
class HttpTextAnalysisTest extends TextAnalysisContract {

    private Vertx server;
    private HttpServer http;

    @Override
    protected TextAnalysis start(Vertx vertx, TextEngine engine) throws Exception {
        server = Vertx.vertx(); // the nlp deployment: a process of its own, as far as the client can tell
        NlpVerticle.deploy(server, engine, 2).await(10, TimeUnit.SECONDS);
        Router router = Router.router(server);
        new TextHttpApi(new EventBusTextAnalysis(server, 5_000), null).mount(router);
        http = server.createHttpServer().requestHandler(router).listen(0).await(10, TimeUnit.SECONDS);
        return new HttpTextAnalysis(vertx, "http://127.0.0.1:" + http.actualPort(), 5_000);
    }

    @Override
    protected void stopService() throws Exception {
        server.close().await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void closeServer() throws Exception {
        if (server != null) {
            server.close().await(10, TimeUnit.SECONDS);
        }
    }
}
