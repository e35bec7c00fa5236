package io.mercator.service;

import io.mercator.events.log.EventLog;
import io.mercator.events.payload.ModelPayload;
import io.mercator.service.config.ConfigLoader;
import io.mercator.service.config.MercatorConfig;
import io.mercator.service.vision.VisionServer;
import io.mercator.vision.category.CategoryHeadStore;
import io.mercator.vision.model.ModelFiles;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.mercator.service.RunningMercator.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service with image intelligence as a deployment of its own ({@code vision.mode: remote}):
 * the image service ({@link VisionServer}, as {@code mercator vision} runs it) on its own Vert.x
 * and port, the service reaching it over HTTP behind its circuit breaker. The answers come from it;
 * the near-duplicate index and the photo events stay the service's; its fingerprint goes to the
 * service only; when it goes away the service answers 503 with Retry-After, and answers again once
 * it is back. The image model's releases, steered through the service's admin API, run in the
 * deployment, which writes them to the Kafka log both share. Its head trains at first start on 15
 * photos a class, to keep the test short.
 */
class VisionServiceRemoteTest {

    @TempDir
    static Path dir;
    static RunningMercator app;
    static Vertx visionVertx;
    static VisionServer vision;
    static int visionPort;
    static MercatorConfig visionConfig;
    static EventLog visionLog;
    /** The key the service calls the deployment's release controls with ({@code admin.apiKey} of both). */
    static final String SERVICE_KEY = "svc-" + UUID.randomUUID();
    /** A person's admin key on the service only. */
    static final String OPS_KEY = "ops-" + UUID.randomUUID();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> kafka = RunningMercator.onKafka("vision-remote");
        Map<String, String> visionSettings = new HashMap<>(kafka);
        visionSettings.putAll(Map.of("MERCATOR_DATA_DIR", dir.resolve("vision-data").toString(),
                "MERCATOR_VISION_MODELS_DIR", ModelFiles.modelsDir().toString(), "MERCATOR_ADMIN_API_KEY", SERVICE_KEY,
                "MERCATOR_VISION_CLOTHING_DATA", ModelFiles.clothing().toString(), "MERCATOR_VISION_TRAIN_PER_CLASS", "15", "MERCATOR_VISION_FINE_TUNE_EPOCHS", "0"));
        visionConfig = ConfigLoader.load(null, visionSettings);
        visionPort = startVision(0);
        Map<String, String> settings = new HashMap<>(kafka);
        settings.putAll(RunningMercator.adminKeys(dir, "ops", "admin", OPS_KEY));
        // text analysis is not what this test is about: off, so the service trains no text model first
        settings.putAll(Map.of("MERCATOR_RETRAINING_ENABLED", "false", "MERCATOR_ADMIN_API_KEY", SERVICE_KEY, "MERCATOR_NLP_MODE", "off",
                "MERCATOR_VISION_ENABLED", "true", "MERCATOR_VISION_MODE", "remote",
                "MERCATOR_VISION_URL", "http://127.0.0.1:" + visionPort, "MERCATOR_VISION_BREAKER_OPEN_SECONDS", "1"));
        app = RunningMercator.start(dir.resolve("data"), false, settings).awaitReady();
    }

    static int startVision(int port) throws Exception {
        visionVertx = Vertx.vertx();
        visionLog = Assembly.eventLog(visionVertx, visionConfig).await(60, TimeUnit.SECONDS);
        vision = new VisionServer(visionVertx, visionConfig);
        int bound = vision.start("127.0.0.1", port, visionLog).await(30, TimeUnit.SECONDS);
        vision.loadOrTrainModels(visionConfig.dataPath());
        return bound;
    }

    static void stopVision() throws Exception {
        vision.close().await(10, TimeUnit.SECONDS);
        visionLog.close();
        visionVertx.close().await(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        if (visionVertx != null) {
            stopVision();
        }
    }

    static HttpResponse<String> visionGet(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + visionPort + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> visionPost(String path, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + visionPort + path))
                .header("content-type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] photo(String category, int index) throws Exception {
        try (Stream<Path> files = Files.list(ModelFiles.clothing().resolve("validation").resolve(category))) {
            return Files.readAllBytes(files.sorted().toList().get(index));
        }
    }

    @Test
    void theServiceAnswersThroughTheImageServiceKeepsItsOwnIndexAndFallsBackWhenItGoes() throws Exception {
        // the image service's own health and metrics
        assertThat(visionGet("/health/ready").statusCode()).isEqualTo(200);
        String version = new JsonObject(visionGet("/health/ready").body()).getString("model_version");
        assertThat(version).contains("nsfwjs@4.4.0");
        // its fingerprint only on request (the service asks for it); the service never gives it out
        byte[] dress = photo("dress", 0);
        assertThat(new JsonObject(visionPost("/analyze-image", dress).body()).containsKey("fingerprint")).isFalse();
        assertThat(new JsonObject(visionPost("/analyze-image?fingerprint=true", dress).body())
                .getJsonObject("fingerprint").getJsonArray("hashes")).isNotEmpty();

        // the service's answer comes from it, and the listing's photo lands in the service's own index
        HttpResponse<String> first = app.postBytes("/analyze-image?listing_id=L-remote-1&seller_id=S-remote-1", "image/jpeg", dress);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonObject report = new JsonObject(first.body());
        assertThat(report.getString("model_version")).isEqualTo(version);
        assertThat(report.containsKey("fingerprint")).as("the fingerprint stays inside").isFalse();
        eventually(Duration.ofSeconds(20), () -> app.mercator.vision().photos().index().size() == 1);
        assertThat(visionGet("/metrics").body()).contains("mercator_vision_stage_seconds_count{stage=\"backbone\"");
        // the index scan is the service's own stage: it holds the index
        assertThat(app.get("/metrics").body()).containsPattern("mercator_vision_stage_seconds_count\\{stage=\"near_duplicates\"\\} 1(\\.0)?\n");

        // another seller's copy of that photo: a near-duplicate, found by the service
        HttpResponse<String> copy = app.postBytes("/analyze-image?listing_id=L-remote-2&seller_id=S-remote-2", "image/jpeg", dress);
        assertThat(copy.statusCode()).as(copy.body()).isEqualTo(200);
        assertThat(new JsonObject(copy.body()).getJsonArray("near_duplicates").getJsonObject(0).getString("listing_id"))
                .isEqualTo("L-remote-1");

        // an identity check goes through the image service too; the face code travels only to the
        // service (?code=true), which hashes it with its salt and records the check
        EkycPhotos faces = EkycPhotos.make();
        java.util.Map<String, byte[]> pair = new java.util.LinkedHashMap<>();
        pair.put("id_photo", faces.idA());
        pair.put("selfie", faces.selfieA());
        HttpResponse<String> kyc = EkycPhotos.post(app, "/ekyc-match?seller_id=S-remote-kyc", pair);
        assertThat(kyc.statusCode()).as(kyc.body()).isEqualTo(200);
        JsonObject check = new JsonObject(kyc.body());
        assertThat(check.getDouble("face_match_score")).as(kyc.body()).isGreaterThanOrEqualTo(0.9);
        assertThat(check.getString("model_version")).contains("human-models@3.0.4");
        assertThat(check.containsKey("selfie_code")).isFalse();
        eventually(Duration.ofSeconds(10), () -> app.records().stream().anyMatch(r -> r.event().key().equals("S-remote-kyc")
                && r.event().type() == io.mercator.events.EventType.SELLER_KYC_CHECKED
                && ((io.mercator.events.payload.SellerPayload.KycChecked) r.event().data()).faceHash().matches("[0-9a-f]{64}")));

        // a bad photo is refused with the image service's reason, not counted as it being down
        HttpResponse<String> bad = app.postBytes("/analyze-image", "image/jpeg", "not an image".getBytes());
        assertThat(bad.statusCode()).as(bad.body()).isIn(400, 415);

        // the image model's releases: steered on the service, run by the deployment
        releasesRunInTheDeployment(dress);

        // the image service goes away: a clear 503 with Retry-After, then the breaker answers at once
        stopVision();
        AdminReleases releases = new AdminReleases(app, OPS_KEY);
        assertThat(releases.listed("image").getString("error")).contains("cannot be reached");
        assertThat(releases.call("POST", "/admin/releases/image/end", new JsonObject()).statusCode()).isEqualTo(503);
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> down = app.postBytes("/analyze-image", "image/jpeg", dress);
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.headers().firstValue("Retry-After")).isPresent();
            assertThat(new JsonObject(down.body()).getString("error")).contains("image analysis unavailable");
        }
        assertThat(app.get("/metrics").body()).contains("mercator_vision_fallbacks_total{reason=\"breaker_open\"");
        // bytes that are no image are the caller's mistake, told apart before the service is asked, down or not
        HttpResponse<String> junk = app.postBytes("/analyze-image", "image/jpeg", "not an image".getBytes());
        assertThat(junk.statusCode()).as(junk.body()).isEqualTo(415);
        assertThat(new JsonObject(junk.body()).getString("error")).contains("not a JPEG, PNG or WebP");

        // back on the same address: answers again once the breaker lets a call through
        startVision(visionPort);
        eventually(Duration.ofSeconds(30), () -> app.postBytes("/analyze-image", "image/jpeg", dress).statusCode() == 200);
    }

    /**
     * A second category head (the same weights under another version, so the shadow must agree
     * exactly) is registered on the deployment; the service's admin API runs a shadow and a
     * blue-green release of it there, each transition a {@code model.release} event on Kafka.
     */
    private static void releasesRunInTheDeployment(byte[] photo) throws Exception {
        CategoryHeadStore store = new CategoryHeadStore(visionConfig.dataPath());
        CategoryHeadStore.Registered blue = store.production().orElseThrow();
        String green = "v-20261207000009-00000a11";
        store.registerAsProduction(green, blue.head(), blue.blocks(), blue.card());
        store.makeProduction(blue.version());
        AdminReleases releases = new AdminReleases(app, OPS_KEY);

        assertThat(visionGet("/admin/releases/image").statusCode()).isEqualTo(401);
        JsonObject idle = releases.of("image");
        assertThat(idle.getString("live")).isEqualTo(blue.version());
        assertThat(idle.getJsonArray("versions").getList()).contains(blue.version(), green);

        releases.step("image", "shadow", new JsonObject().put("version", green));
        releases.shadowAgreesExactly("image", () -> assertThat(new JsonObject(
                app.postBytes("/analyze-image", "image/jpeg", photo).body()).getString("model_version")).startsWith(blue.version()));
        releases.step("image", "end", new JsonObject());

        releases.step("image", "blue-green", new JsonObject().put("version", green));
        releases.step("image", "switch", new JsonObject());
        assertThat(new JsonObject(app.postBytes("/analyze-image", "image/jpeg", photo).body()).getString("model_version"))
                .startsWith(green);
        releases.step("image", "switch-back", new JsonObject());
        assertThat(new JsonObject(app.postBytes("/analyze-image", "image/jpeg", photo).body()).getString("model_version"))
                .startsWith(blue.version());
        releases.step("image", "end", new JsonObject());

        eventually(Duration.ofSeconds(20), () -> releases.changes("image").size() >= 6);
        assertThat(releases.changes("image").stream().map(ModelPayload.ReleaseChanged::action)).containsExactly(
                "shadow_started", "ended", "blue_green_started", "switched", "switched_back", "ended");
        assertThat(releases.changes("image")).allMatch(ch -> ch.actor().equals("ops via admin"));
    }
}
