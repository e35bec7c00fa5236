package io.mercator.service;

import io.mercator.catalog.TextCheck;
import io.mercator.nlp.model.SharedTextData;
import io.mercator.service.config.ConfigLoader;
import io.mercator.service.config.MercatorConfig;
import io.mercator.service.text.NlpServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.mercator.service.RunningMercator.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The service with text intelligence as a deployment of its own ({@code nlp.mode: remote}): the
 * text service ({@link NlpServer}, as {@code mercator nlp} runs it) on its own Vert.x and port,
 * the service reaching it over HTTP. Its own health and metrics; the service's answers come from
 * it, with the listing's facts from the service's catalog; when it goes away the service answers
 * 503 and serves new listings marked for review, and analyses them once it is back.
 */
class TextServiceRemoteTest {

    @TempDir
    static Path dir;
    static RunningMercator app;
    static Vertx nlpVertx;
    static NlpServer nlp;
    static int nlpPort;
    static MercatorConfig nlpConfig;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(SharedTextData.present(), "the shared text data sets are not here");
        nlpConfig = ConfigLoader.load(null, Map.of("MERCATOR_DATA_DIR", dir.resolve("nlp-data").toString(),
                "MERCATOR_NLP_TRAINING_DATA", SharedTextData.dataDir().toString()));
        nlpPort = startNlp(0);
        app = RunningMercator.start(dir.resolve("data"), false, Map.of("MERCATOR_RETRAINING_ENABLED", "false",
                "MERCATOR_NLP_MODE", "remote", "MERCATOR_NLP_URL", "http://127.0.0.1:" + nlpPort,
                "MERCATOR_NLP_SCREENING_RETRY_AFTER_MS", "200", "MERCATOR_NLP_BREAKER_OPEN_SECONDS", "1")).awaitReady();
    }

    static int startNlp(int port) throws Exception {
        nlpVertx = Vertx.vertx();
        nlp = new NlpServer(nlpVertx, nlpConfig.nlp());
        int bound = nlp.start("127.0.0.1", port, null).await(30, TimeUnit.SECONDS);
        nlp.loadOrTrainModels(nlpConfig.dataPath());
        return bound;
    }

    static void stopNlp() throws Exception {
        nlp.close().await(10, TimeUnit.SECONDS);
        nlpVertx.close().await(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (nlpVertx != null) {
            stopNlp();
        }
    }

    static HttpResponse<String> nlpGet(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nlpPort + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject listing(String id, String title, String description, double price) {
        return new JsonObject().put("id", "t-" + UUID.randomUUID()).put("type", "listing.published").put("v", 1)
                .put("ts", System.currentTimeMillis() - 1000).put("key", id).put("data", new JsonObject()
                        .put("sellerId", "S-remote").put("title", title).put("description", description).put("lang", "th")
                        .put("category", "mobile-phones").put("price", price).put("condition", "good").put("stock", 1)
                        .put("photos", new JsonArray().add("p/1.jpg")).put("province", "Chiang Mai").put("lat", 18.79).put("lon", 98.98));
    }

    @Test
    void theServiceAnswersThroughTheTextServiceUntilItGoesAndCatchesUpWhenItIsBack() throws Exception {
        // the text service's own health and metrics
        assertThat(nlpGet("/health/ready").statusCode()).isEqualTo(200);
        String version = new JsonObject(nlpGet("/health/ready").body()).getString("model_version");
        assertThat(version).startsWith("t-");

        // the service's answers come from it
        HttpResponse<String> analyzed = app.post("/analyze-text", "application/json",
                new JsonObject().put("text", "แอดไลน์ @phone.deal ได้เลยครับ").put("context", "chat").encode());
        assertThat(analyzed.statusCode()).as(analyzed.body()).isEqualTo(200);
        JsonObject report = new JsonObject(analyzed.body());
        assertThat(report.getString("model_version")).isEqualTo(version);
        assertThat(report.getJsonArray("findings").stream().map(o -> ((JsonObject) o).getString("type"))).contains("line_id");
        assertThat(nlpGet("/metrics").body()).contains("mercator_text_analysis_seconds_count");

        // with the listing's facts from the service's catalog
        String listing = "L-remote-" + UUID.randomUUID();
        assertThat(app.post("/events", "application/json", new JsonArray().add(listing(listing, "iPhone 12 มือสอง",
                "ใช้งานปกติ", 7_450)).encode()).statusCode()).isEqualTo(202);
        eventually(Duration.ofSeconds(10), () -> app.mercator.catalog().isLive(listing));
        HttpResponse<String> replied = app.post("/auto-reply", "application/json",
                new JsonObject().put("message", "ราคาต่อได้ไหมคะ").put("listing_id", listing).encode());
        assertThat(replied.statusCode()).as(replied.body()).isEqualTo(200);
        assertThat(replied.body()).contains("7,450");
        eventually(Duration.ofSeconds(15), () -> app.mercator.catalog().listing(listing)
                .map(l -> l.textCheck() == TextCheck.CHECKED).orElse(false));

        // the text service goes away: a clear 503, and new listings are served marked for review
        stopNlp();
        HttpResponse<String> down = app.post("/analyze-text", "application/json", new JsonObject().put("text", "สวัสดี").encode());
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("Retry-After")).isPresent();
        assertThat(new JsonObject(down.body()).getString("error")).contains("text analysis unavailable");
        String whileDown = "L-remote-down-" + UUID.randomUUID();
        assertThat(app.post("/events", "application/json", new JsonArray().add(listing(whileDown, "Galaxy S21",
                "สภาพดี", 9_900)).encode()).statusCode()).isEqualTo(202);
        eventually(Duration.ofSeconds(15), () -> app.mercator.catalog().listing(whileDown)
                .map(l -> l.textCheck() == TextCheck.PENDING_REVIEW).orElse(false));
        assertThat(app.mercator.catalog().isLive(whileDown)).isTrue();

        // back on the same address: the listing is analysed
        startNlp(nlpPort);
        eventually(Duration.ofSeconds(30), () -> app.mercator.catalog().listing(whileDown)
                .map(l -> l.textCheck() == TextCheck.CHECKED).orElse(false));
    }
}
