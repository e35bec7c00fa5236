package io.mercator.service;

import io.mercator.events.log.LogPartition;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /feed and GET /search on the embedded default, with a model trained at boot. */
class RankingEndpointTest {

    @TempDir
    static Path dataDir;
    static RunningMercator app;
    static String knownUser;

    @BeforeAll
    static void start() throws Exception {
        app = RunningMercator.start(dataDir, true).awaitReady();
        knownUser = "user-00007";
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void shouldServeAFeedWithTheResponseContract() {
        HttpResponse<String> res = app.get("/feed?user_id=" + knownUser + "&lat=13.75&lon=100.5&limit=10");

        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonObject body = new JsonObject(res.body());
        assertThat(body.getString("request_id")).isNotBlank();
        assertThat(body.getString("model_version")).startsWith("m-");
        assertThat(body.getJsonArray("degraded")).isNotNull();
        JsonArray items = body.getJsonArray("items");
        assertThat(items).isNotEmpty().hasSizeLessThanOrEqualTo(10);
        for (int i = 0; i < items.size(); i++) {
            JsonObject item = items.getJsonObject(i);
            assertThat(item.fieldNames()).contains("listing_id", "title", "price", "seller_id", "distance_km", "score",
                    "pctr", "pcvr", "sponsored", "position");
            assertThat(item.getInteger("position")).isEqualTo(i + 1);
        }
        assertThat(body.containsKey("explanations")).isFalse();
    }

    @Test
    void shouldExplainTheTopTenWithShapAndSellerTrust() {
        JsonObject body = new JsonObject(app.get("/feed?user_id=" + knownUser + "&lat=13.75&lon=100.5&explain=true").body());
        JsonArray explanations = body.getJsonArray("explanations");
        assertThat(explanations).isNotEmpty().hasSizeLessThanOrEqualTo(10);
        JsonObject first = explanations.getJsonObject(0);
        assertThat(first.getJsonObject("pctr_shap").fieldNames()).contains("distance_km");
        assertThat(first.getJsonObject("seller_trust").getDouble("score")).isBetween(0.0, 1.0);
    }

    @Test
    void shouldServeAColdStartFeedToAnUnknownUser() {
        HttpResponse<String> res = app.get("/feed?user_id=never-seen-before&lat=13.75&lon=100.5");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(res.body()).getJsonArray("items")).isNotEmpty();
    }

    @Test
    void shouldSearchThaiAndEnglishText() {
        for (String q : new String[]{"%E0%B8%A1%E0%B8%B7%E0%B8%AD%E0%B8%96%E0%B8%B7%E0%B8%AD", "iphone"}) {
            HttpResponse<String> res = app.get("/search?q=" + q + "&lat=13.75&lon=100.5&user_id=" + knownUser);
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            assertThat(new JsonObject(res.body()).getJsonArray("items")).as(q).isNotNull();
        }
    }

    @Test
    void shouldWriteImpressionsForEveryServedResponse() throws Exception {
        long before = logEnd();
        JsonObject body = new JsonObject(app.get("/feed?user_id=" + knownUser + "&lat=13.75&lon=100.5&limit=5").body());
        int served = body.getJsonArray("items").size();
        assertThat(served).isPositive();
        RunningMercator.eventually(Duration.ofSeconds(10), () -> logEnd() >= before + served);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/feed?lat=13.7",                       // lon missing
            "/feed?lat=abc&lon=100.5",              // invalid lat
            "/feed?lat=51.5&lon=-0.1",              // outside Thailand
            "/feed?limit=0",                        // limit out of range
            "/feed?limit=1000",
            "/search?lat=13.7&lon=100.5",           // q missing
            "/search?q=%E0%B8",                     // broken encoding
            "/search?q=%ZZ",
            "/feed?explain=maybe"})
    void shouldAnswerBadParametersWith400AndAMessage(String path) {
        RunningMercator.RawResponse res = app.rawGet(path);
        assertThat(res.statusCode()).as(path + " -> " + res.body()).isEqualTo(400);
        assertThat(new JsonObject(res.body()).getString("error")).isNotBlank();
    }

    @Test
    void shouldRejectAnOverLongQuery() {
        HttpResponse<String> res = app.get("/search?q=" + "a".repeat(201));
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(res.body()).getString("error")).contains("longer than 200");
    }

    private static long logEnd() {
        try {
            long sum = 0;
            for (LogPartition p : app.mercator.log().partitions().toCompletionStage().toCompletableFuture().get()) {
                sum += app.mercator.log().endOffset(p).toCompletionStage().toCompletableFuture().get();
            }
            return sum;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
