package io.mercator.service;

import io.mercator.events.Event;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.InteractionPayload;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    void shouldWriteTheServedListAsOneImpressionsEvent() throws Exception {
        Map<LogPartition, Long> before = ends();
        JsonObject body = new JsonObject(app.get("/feed?user_id=" + knownUser + "&lat=13.75&lon=100.5&limit=5").body());
        JsonArray items = body.getJsonArray("items");
        assertThat(items.size()).isPositive();
        List<String> served = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            served.add(items.getJsonObject(i).getString("listing_id"));
        }

        List<Event> written = new ArrayList<>();
        RunningMercator.eventually(Duration.ofSeconds(10), () -> {
            written.clear();
            written.addAll(appendedSince(before));
            return written.stream().anyMatch(e -> e.data() instanceof InteractionPayload.Impressions);
        });
        Event event = written.stream().filter(e -> e.data() instanceof InteractionPayload.Impressions).findFirst()
                .orElseThrow();
        InteractionPayload.Impressions list = event.payload(InteractionPayload.Impressions.class);
        assertThat(event.key()).isEqualTo(knownUser);
        assertThat(list.requestId()).isEqualTo(body.getString("request_id"));
        assertThat(list.modelVersion()).isEqualTo(body.getString("model_version"));
        assertThat(list.items()).extracting(InteractionPayload.Impressions.Shown::listingId)
                .containsExactlyElementsOf(served);
        assertThat(list.features(0)).as("the row the models scored").isNotNull();
    }

    private static Map<LogPartition, Long> ends() throws Exception {
        Map<LogPartition, Long> out = new HashMap<>();
        for (LogPartition p : app.mercator.log().partitions().toCompletionStage().toCompletableFuture().get()) {
            out.put(p, app.mercator.log().endOffset(p).toCompletionStage().toCompletableFuture().get());
        }
        return out;
    }

    private static List<Event> appendedSince(Map<LogPartition, Long> from) {
        try {
            List<Event> out = new ArrayList<>();
            for (Map.Entry<LogPartition, Long> e : from.entrySet()) {
                for (LogRecord r : app.mercator.log().read(e.getKey(), e.getValue(), 1_000, Duration.ZERO)
                        .toCompletionStage().toCompletableFuture().get()) {
                    out.add(r.event());
                }
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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
            "/feed?explain=maybe",
            "/feed?lat=13.7&lat=14&lon=100.5",      // a repeated parameter: which one was meant?
            "/search?q=phone&q=case"})
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

    @Test
    void shouldNameTheRepeatedParameter() {
        RunningMercator.RawResponse res = app.rawGet("/feed?lat=13.7&lat=14&lon=100.5");
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(res.body()).getString("error")).contains("'lat' is given more than once");
    }

    @Test
    void shouldAnswerAnOverLongUrlWith414InJsonLikeEveryOtherError() {
        RunningMercator.RawResponse res = app.rawGet("/search?q=" + "a".repeat(5_000));
        assertThat(res.statusCode()).isEqualTo(414);
        assertThat(new JsonObject(res.body()).getString("error")).contains("too long");
        // and the service goes on answering
        assertThat(app.get("/feed?lat=13.75&lon=100.5&limit=5").statusCode()).isEqualTo(200);
    }
}
