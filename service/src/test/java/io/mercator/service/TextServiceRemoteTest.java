package io.mercator.service;

import io.mercator.catalog.TextCheck;
import io.mercator.events.log.EventLog;
import io.mercator.events.payload.ModelPayload;
import io.mercator.nlp.model.TextModelCard;
import io.mercator.nlp.model.TextModelStore;
import io.mercator.nlp.model.TextModels;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.mercator.service.RunningMercator.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The service with text intelligence as a deployment of its own ({@code nlp.mode: remote}): the
 * text service ({@link NlpServer}, as {@code mercator nlp} runs it) on its own Vert.x and port,
 * the service reaching it over HTTP, both on one Kafka log. Its own health and metrics; the
 * service's answers come from it, with the listing's facts from the service's catalog; the text
 * model's releases, steered through the service's admin API, run in the deployment and are
 * written to Kafka by it; when it goes away the service answers 503 and serves new listings marked
 * for review, and analyses them once it is back.
 */
class TextServiceRemoteTest {

    @TempDir
    static Path dir;
    static RunningMercator app;
    static Vertx nlpVertx;
    static NlpServer nlp;
    static int nlpPort;
    static MercatorConfig nlpConfig;
    static EventLog nlpLog;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The key the service calls the deployment's release controls with ({@code admin.apiKey} of both). */
    static final String SERVICE_KEY = "svc-" + UUID.randomUUID();
    /** A person's admin key on the service only. */
    static final String OPS_KEY = "ops-" + UUID.randomUUID();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(SharedTextData.present(), "the shared text data sets are not here");
        Map<String, String> kafka = RunningMercator.onKafka("text-remote");
        Map<String, String> nlpSettings = new HashMap<>(kafka);
        nlpSettings.putAll(Map.of("MERCATOR_DATA_DIR", dir.resolve("nlp-data").toString(),
                "MERCATOR_NLP_TRAINING_DATA", SharedTextData.dataDir().toString(), "MERCATOR_ADMIN_API_KEY", SERVICE_KEY));
        nlpConfig = ConfigLoader.load(null, nlpSettings);
        nlpPort = startNlp(0);
        Map<String, String> settings = new HashMap<>(kafka);
        settings.putAll(RunningMercator.adminKeys(dir, "ops", "admin", OPS_KEY));
        settings.putAll(Map.of("MERCATOR_RETRAINING_ENABLED", "false", "MERCATOR_ADMIN_API_KEY", SERVICE_KEY,
                "MERCATOR_NLP_MODE", "remote", "MERCATOR_NLP_URL", "http://127.0.0.1:" + nlpPort,
                "MERCATOR_NLP_SCREENING_RETRY_AFTER_MS", "200", "MERCATOR_NLP_BREAKER_OPEN_SECONDS", "1"));
        app = RunningMercator.start(dir.resolve("data"), false, settings).awaitReady();
    }

    static int startNlp(int port) throws Exception {
        nlpVertx = Vertx.vertx();
        nlpLog = Assembly.eventLog(nlpVertx, nlpConfig).await(60, TimeUnit.SECONDS);
        nlp = new NlpServer(nlpVertx, nlpConfig);
        int bound = nlp.start("127.0.0.1", port, nlpLog).await(30, TimeUnit.SECONDS);
        nlp.loadOrTrainModels(nlpConfig.dataPath());
        return bound;
    }

    static void stopNlp() throws Exception {
        if (nlpVertx == null) {
            return;
        }
        nlp.close().await(10, TimeUnit.SECONDS);
        nlpLog.close();
        Vertx closing = nlpVertx;
        nlpVertx = null;
        closing.close().await(10, TimeUnit.SECONDS);
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
        eventually(Duration.ofSeconds(30), () -> app.mercator.catalog().listing(listing)
                .map(l -> l.textCheck() == TextCheck.CHECKED).orElse(false), () -> screening(listing));

        // the text model's releases: steered on the service, run by the deployment
        releasesRunInTheDeployment(version);

        // the text service goes away: a clear 503, and new listings are served marked for review
        stopNlp();
        AdminReleases releases = new AdminReleases(app, OPS_KEY);
        assertThat(releases.listed("text").getString("error")).contains("cannot be reached");
        HttpResponse<String> startWhileDown = releases.call("POST", "/admin/releases/text/shadow", new JsonObject().put("version", version));
        assertThat(startWhileDown.statusCode()).as(startWhileDown.body()).isEqualTo(503);
        assertThat(startWhileDown.headers().firstValue("Retry-After")).isPresent();
        HttpResponse<String> down = app.post("/analyze-text", "application/json", new JsonObject().put("text", "สวัสดี").encode());
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("Retry-After")).isPresent();
        assertThat(new JsonObject(down.body()).getString("error")).contains("text analysis unavailable");
        String whileDown = "L-remote-down-" + UUID.randomUUID();
        assertThat(app.post("/events", "application/json", new JsonArray().add(listing(whileDown, "Galaxy S21",
                "สภาพดี", 9_900)).encode()).statusCode()).isEqualTo(202);
        // the breaker opens and screening retries on Kafka: slower than on the embedded log
        eventually(Duration.ofSeconds(60), () -> app.mercator.catalog().listing(whileDown)
                .map(l -> l.textCheck() == TextCheck.PENDING_REVIEW).orElse(false), () -> screening(whileDown));
        assertThat(app.mercator.catalog().isLive(whileDown)).isTrue();

        // back on the same address: the listing is analysed
        startNlp(nlpPort);
        eventually(Duration.ofSeconds(30), () -> app.mercator.catalog().listing(whileDown)
                .map(l -> l.textCheck() == TextCheck.CHECKED).orElse(false), () -> screening(whileDown));
    }

    /**
     * A second text version (the same weights under another name, so the shadow must agree
     * exactly) is registered on the deployment; the service's admin API then runs a shadow and a
     * blue-green release of it there. Every transition is a {@code model.release} event on Kafka,
     * written by the deployment under the person's name and the service's key.
     */
    private static void releasesRunInTheDeployment(String blue) throws Exception {
        TextModelStore store = new TextModelStore(nlpConfig.dataPath());
        TextModels served = store.load(blue);
        TextModelCard c = served.card();
        String green = "t-20261207000000-00000a11";
        store.registerAsProduction(new TextModels(new TextModelCard(green, c.trainedAtMillis(), c.codeVersion(), c.data(),
                c.parameters(), c.heldOut()), served.offensiveEn(), served.offensiveTh(), served.spam(), served.prohibited(),
                served.intent(), served.diversion(), served.words()));
        store.makeProduction(blue);
        AdminReleases releases = new AdminReleases(app, OPS_KEY);

        // the deployment's own routes take the shared admin key only
        HttpResponse<String> noKey = nlpGet("/admin/releases/text");
        assertThat(noKey.statusCode()).as(noKey.body()).isEqualTo(401);

        JsonObject idle = releases.of("text");
        assertThat(idle.getString("mode")).isEqualTo("none");
        assertThat(idle.getString("live")).isEqualTo(blue);
        assertThat(idle.getJsonArray("versions").getList()).contains(blue, green);
        HttpResponse<String> unknown = releases.call("POST", "/admin/releases/text/shadow", new JsonObject().put("version", "t-nope"));
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
        assertThat(releases.call("POST", "/admin/releases/text/switch", new JsonObject()).statusCode()).isEqualTo(409);

        // shadow: the candidate reads the same texts beside the champion and is never served
        assertThat(releases.step("text", "shadow", new JsonObject().put("version", green).put("reason", "same weights, new name"))
                .getString("mode")).isEqualTo("shadow");
        releases.shadowAgreesExactly("text", () -> {
            // three texts a request: the shadow ranks them as the champion does
            HttpResponse<String> r = app.post("/analyze-text", "application/json", new JsonObject().put("items", new JsonArray()
                    .add(new JsonObject().put("text", "iPhone 13 สภาพดี แบต 90% ทักไลน์ shop99 ได้เลย").put("context", "listing_description"))
                    .add(new JsonObject().put("text", "Nike Air Max size 42, worn twice").put("context", "listing_title"))
                    .add(new JsonObject().put("text", "ขายบุหรี่ไฟฟ้า พอต ส่งฟรี").put("context", "listing_title"))).encode());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains(blue).doesNotContain(green);
        });
        releases.step("text", "end", new JsonObject());

        // blue-green: one switch serves green to everyone, the switch back blue again
        releases.step("text", "blue-green", new JsonObject().put("version", green));
        assertThat(releases.step("text", "switch", new JsonObject()).getString("live")).isEqualTo(green);
        assertThat(analyzedBy()).isEqualTo(green);
        assertThat(releases.step("text", "switch-back", new JsonObject()).getString("live")).isEqualTo(blue);
        assertThat(analyzedBy()).isEqualTo(blue);
        assertThat(releases.step("text", "end", new JsonObject()).getString("mode")).isEqualTo("none");

        // the service's list shows the deployment's release like its own kinds
        JsonObject listed = releases.listed("text");
        assertThat(listed.getString("live")).isEqualTo(blue);
        assertThat(listed.getJsonObject("shadow").getLong("compared")).isGreaterThanOrEqualTo(1);

        // every transition on the log, by the deployment, under the person's name and the service's key
        eventually(Duration.ofSeconds(20), () -> releases.changes("text").size() >= 6);
        List<ModelPayload.ReleaseChanged> changes = releases.changes("text");
        assertThat(changes.stream().map(ModelPayload.ReleaseChanged::action)).containsExactly("shadow_started", "ended",
                "blue_green_started", "switched", "switched_back", "ended");
        assertThat(changes).allMatch(ch -> ch.actor().equals("ops via admin"), "actor is the person via the service's key");
        assertThat(changes.getFirst().reason()).isEqualTo("same weights, new name");
    }

    /** What a failed wait for screening saw: the listing's check, screening's figures and the projections' lag. */
    private static String screening(String listing) {
        return "check " + app.mercator.catalog().listing(listing).map(l -> l.textCheck().toString()).orElse("(no listing)")
                + "; " + app.metrics("mercator_text_") + "; ready " + app.get("/health/ready").body();
    }

    private static String analyzedBy() {
        HttpResponse<String> r = app.post("/analyze-text", "application/json", new JsonObject().put("text", "สวัสดีครับ").encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getString("model_version");
    }
}
