package io.mercator.service;

import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /events, health and metrics against a real Mercator on the embedded log. */
class EventsEndpointTest {

    @TempDir
    static Path dataDir;
    static RunningMercator app;

    @BeforeAll
    static void start() throws Exception {
        app = RunningMercator.start(dataDir, true).awaitReady();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static JsonObject event(String type, String key, JsonObject data) {
        return new JsonObject().put("id", "t-" + UUID.randomUUID()).put("type", type).put("v", 1)
                .put("ts", System.currentTimeMillis() - 1000).put("key", key).put("data", data);
    }

    static JsonObject listing(String id, double price) {
        return event("listing.published", id, new JsonObject().put("sellerId", "S-test").put("title", "iPhone 13 สภาพดี")
                .put("description", "ใช้งานปกติ").put("lang", "th").put("category", "mobile-phones").put("price", price)
                .put("condition", "good").put("stock", 1).put("photos", new JsonArray().add("p/1.jpg"))
                .put("province", "Bangkok").put("lat", 13.75).put("lon", 100.5));
    }

    static JsonObject click(String user, String listingId) {
        return event("interaction.click", user, new JsonObject().put("requestId", "r-1").put("listingId", listingId));
    }

    /** The end offset of each partition, to read what was appended after it. */
    Map<LogPartition, Long> logEnds() throws Exception {
        Map<LogPartition, Long> ends = new HashMap<>();
        for (LogPartition p : app.mercator.log().partitions().toCompletionStage().toCompletableFuture().get()) {
            ends.put(p, app.mercator.log().endOffset(p).toCompletionStage().toCompletableFuture().get());
        }
        return ends;
    }

    /** The ids of the events appended since {@code from}: the service's own writers (text screening) may append meanwhile. */
    List<String> idsAppendedSince(Map<LogPartition, Long> from) throws Exception {
        List<String> keys = new ArrayList<>();
        for (Map.Entry<LogPartition, Long> e : from.entrySet()) {
            long end = app.mercator.log().endOffset(e.getKey()).toCompletionStage().toCompletableFuture().get();
            for (long offset = e.getValue(); offset < end; ) {
                List<LogRecord> records = app.mercator.log().read(e.getKey(), offset, 1_000, Duration.ZERO)
                        .toCompletionStage().toCompletableFuture().get();
                if (records.isEmpty()) {
                    break;
                }
                records.forEach(r -> keys.add(r.event().id()));
                offset = records.get(records.size() - 1).offset() + 1;
            }
        }
        return keys;
    }

    @Test
    void shouldAnswerLiveAndReadyWithLagPerProjection() {
        assertThat(app.get("/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = app.get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonObject body = new JsonObject(ready.body());
        assertThat(body.getString("status")).isEqualTo("ready");
        assertThat(body.getJsonObject("lag").fieldNames()).containsExactlyInAnyOrder("catalog", "features", "popularity", "recall-index", "user-interest",
                "autoboost", // the auto-boost agent's ledger
                "moderation-queue", "overrides", "audit-trail", // humans in the loop
                "reply-templates", "text-screening", // text intelligence
                "photo-index", // image intelligence: the near-duplicate index
                "fraud-features", "fraud-labels", // the fraud loop: every listing's fraud case, moderators' decisions
                "model-monitor"); // registry: the learning loop's projection
    }

    @Test
    void shouldAcceptAValidBatchAndProjectIt() throws Exception {
        String listingId = "L-accept-" + UUID.randomUUID();
        JsonArray batch = new JsonArray().add(listing(listingId, 12_000)).add(click("U-accept", listingId));

        HttpResponse<String> res = app.post("/events", "application/json", batch.encode());

        assertThat(res.statusCode()).isEqualTo(202);
        assertThat(new JsonObject(res.body()).getInteger("accepted")).isEqualTo(2);
        RunningMercator.eventually(Duration.ofSeconds(10),
                () -> app.mercator.catalog().listing(listingId).isPresent());
        RunningMercator.eventually(Duration.ofSeconds(10), () -> !app.mercator.store()
                .readHashes(List.of("listing:" + listingId)).result().get(0).isEmpty());
    }

    @Test
    void shouldRejectTheWholeBatchWithAReasonPerBadEvent() throws Exception {
        String goodId = "L-good-" + UUID.randomUUID();
        String negativeId = "L-neg-" + UUID.randomUUID();
        JsonArray batch = new JsonArray()
                .add(listing(goodId, 500))
                .add(listing(negativeId, -5))
                .add(click("U-1", "L-does-not-exist"));
        Map<LogPartition, Long> before = logEnds();

        HttpResponse<String> res = app.post("/events", "application/json", batch.encode());

        assertThat(res.statusCode()).isEqualTo(400);
        JsonArray rejected = new JsonObject(res.body()).getJsonArray("rejected");
        assertThat(rejected).hasSize(2);
        assertThat(rejected.getJsonObject(0).getInteger("index")).isEqualTo(1);
        assertThat(rejected.getJsonObject(0).getString("reason")).contains("negative");
        assertThat(rejected.getJsonObject(1).getInteger("index")).isEqualTo(2);
        assertThat(rejected.getJsonObject(1).getString("reason")).contains("unknown listing");
        List<String> sent = batch.stream().map(e -> ((JsonObject) e).getString("id")).toList();
        assertThat(idsAppendedSince(before)).as("nothing of the batch was appended").doesNotContainAnyElementsOf(sent);
        assertThat(app.mercator.catalog().isKnown(goodId)).isFalse();
    }

    @Test
    void shouldReportFormatAndContentProblemsOfOneBatchTogether() {
        JsonArray batch = new JsonArray()
                .add(listing("L-far-" + UUID.randomUUID(), 100).put("data", listing("x", 100).getJsonObject("data").copy().put("lat", 35.0)))
                .add(new JsonObject().put("id", "e-unknown-type").put("type", "nope").put("key", "k").put("ts", 1));

        HttpResponse<String> res = app.post("/events", "application/json", batch.encode());

        assertThat(res.statusCode()).isEqualTo(400);
        JsonArray rejected = new JsonObject(res.body()).getJsonArray("rejected");
        assertThat(rejected).hasSize(2);
        assertThat(rejected.getJsonObject(0).getInteger("index")).isEqualTo(0);
        assertThat(rejected.getJsonObject(0).getString("reason")).contains("outside Thailand");
        assertThat(rejected.getJsonObject(1).getInteger("index")).isEqualTo(1);
        assertThat(rejected.getJsonObject(1).getString("reason")).contains("unknown type");
    }

    @Test
    void shouldAllowInteractionsOnAListingAcceptedInAnEarlierBatch() {
        String id = "L-earlier-" + UUID.randomUUID();
        assertThat(app.post("/events", "application/json", new JsonArray().add(listing(id, 900)).encode()).statusCode())
                .isEqualTo(202);
        // the catalog projection may not have caught up yet; the intake must know the listing anyway
        assertThat(app.post("/events", "application/json", new JsonArray().add(click("U-2", id)).encode()).statusCode())
                .isEqualTo(202);
    }

    @Test
    void shouldAnswerMalformedRequestsWith4xxAndAMessage() {
        assertError(app.post("/events", "application/json", "{not json"), 400, "not valid JSON");
        assertError(app.post("/events", "application/json", "{\"foo\": 1}"), 400, "JSON array");
        assertError(app.post("/events", "application/json", "[]"), 400, "empty");
        assertError(app.post("/events", "text/plain", "[]"), 415, "application/json");
        assertError(app.post("/events", "application/json", "[1, \"x\"]"), 400, "rejected");
        JsonArray tooMany = new JsonArray();
        for (int i = 0; i <= 10_000; i++) {
            tooMany.add(1);
        }
        assertError(app.post("/events", "application/json", tooMany.encode()), 400, "larger than 10000");
        assertError(app.post("/events", "application/json", "[" + "0,".repeat(9_000_000) + "0]"), 413, "larger than");
        assertError(app.get("/no-such-route"), 404, "no route");
    }

    @Test
    void shouldExposePrometheusMetricsPerProjection() {
        assertThat(app.post("/events", "application/json", "[]").statusCode()).isEqualTo(400);
        HttpResponse<String> res = app.get("/metrics");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(res.body())
                .contains("mercator_projection_applied_total{projection=\"features\"}")
                .contains("mercator_projection_lag{projection=\"catalog\"}")
                .contains("mercator_intake_batches_total{outcome=\"malformed\"}")
                .contains("mercator_intake_batches_total{outcome=\"unavailable\"}")
                .contains("vertx_http_server_response_time_seconds_bucket")
                .contains("jvm_memory_used_bytes");
    }

    private static void assertError(HttpResponse<String> res, int status, String messagePart) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(new JsonObject(res.body()).getString("error")).contains(messagePart);
    }
}
