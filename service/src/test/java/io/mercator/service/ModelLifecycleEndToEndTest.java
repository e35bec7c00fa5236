package io.mercator.service;

import io.mercator.learning.lifecycle.CanaryAssignment;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The learning loop on a running Mercator over a small seeded demo, step by step: the first model
 * trained at boot is production; a second, trained after fresh traffic, is staged by the gate (the
 * margin is set to accept any candidate here: the margin itself is {@code ModelGateTest}'s); the
 * canary serves it to the buyers hashed into 5%; clicks are counted per version; then promotion and
 * rollback through the admin API change what everyone else is served.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelLifecycleEndToEndTest {

    private static final String KEY = "test-admin-key-" + UUID.randomUUID();
    private static final String AUTH = "Bearer " + KEY;
    private static final CanaryAssignment FIVE_PERCENT = new CanaryAssignment(5);

    @TempDir
    static Path dataDir;
    static RunningMercatorAccess app;
    static String firstVersion;
    static String canaryVersion;
    static String canaryUser;
    static String productionUser;

    @BeforeAll
    static void start() throws Exception {
        app = RunningMercatorAccess.start(dataDir, Map.of(
                "MERCATOR_ADMIN_API_KEY", KEY,
                "MERCATOR_CANARY_PERCENT", "5",
                "MERCATOR_CANARY_MIN_IMPRESSIONS", "20",
                "MERCATOR_CANARY_CHECK_INTERVAL_SECONDS", "3600",
                "MERCATOR_RETRAINING_ENABLED", "false",
                "MERCATOR_RETRAINING_MIN_NDCG_GAIN", "-1",
                "MERCATOR_RETRAINING_MIN_EVALUATION_REQUESTS", "1"));
        for (int i = 0; canaryUser == null || productionUser == null; i++) {
            String id = "probe-" + i;
            if (FIVE_PERCENT.inCanary(id)) {
                canaryUser = canaryUser == null ? id : canaryUser;
            } else {
                productionUser = productionUser == null ? id : productionUser;
            }
        }
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static HttpResponse<String> admin(String method, String path) {
        return app.send(method, path, method.equals("POST") ? "{\"reason\":\"end-to-end test\"}" : null,
                "Authorization", AUTH, "content-type", "application/json");
    }

    /**
     * A feed page scored by a model. On this shared machine a request now and then runs over the
     * pipeline budget and is answered from a fallback list (model_version "trending" or
     * "popularity"); that says nothing about routing, so such a page is asked for again.
     */
    private static JsonObject feed(String user) {
        JsonObject body = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            HttpResponse<String> res = app.get("/feed?user_id=" + user + "&lat=13.75&lon=100.5&limit=10");
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            body = new JsonObject(res.body());
            if (body.getString("model_version").startsWith("m-")) {
                return body;
            }
        }
        return body;
    }

    @Test
    @Order(1)
    void shouldRefuseTheAdminApiWithoutTheRightKey() {
        HttpResponse<String> none = app.get("/admin/models");
        HttpResponse<String> wrong = app.send("GET", "/admin/models", null, "Authorization", "Bearer not-the-key");

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).doesNotContain(KEY);
    }

    @Test
    @Order(2)
    void shouldServeTheFirstModelTrainedAtBootAsProduction() {
        HttpResponse<String> res = admin("GET", "/admin/models");

        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonArray models = new JsonObject(res.body()).getJsonArray("models");
        assertThat(models).hasSize(1);
        JsonObject first = models.getJsonObject(0);
        assertThat(first.getString("stage")).isEqualTo("production");
        assertThat(first.getString("data_hash")).hasSize(64);
        assertThat(first.getJsonArray("features")).isNotEmpty();
        JsonObject ndcg = first.getJsonObject("evaluation").getJsonObject("ndcg");
        assertThat(ndcg.getDouble("model")).isBetween(0.0, 1.0);
        assertThat(ndcg.getDouble("random")).isBetween(0.0, 1.0);
        assertThat(ndcg.getDouble("popularity")).isBetween(0.0, 1.0);
        firstVersion = first.getString("version");
        assertThat(feed(productionUser).getString("model_version")).isEqualTo(firstVersion);
    }

    @Test
    @Order(3)
    void shouldStageASecondModelTrainedAfterFreshTraffic() throws Exception {
        // fresh traffic: served impressions go to the log with their features; some are clicked
        JsonArray clicks = new JsonArray();
        for (int u = 0; u < 30; u++) {
            String user = String.format("user-%05d", u);
            JsonObject page = feed(user);
            JsonArray items = page.getJsonArray("items");
            if (!items.isEmpty() && u % 2 == 0) {
                clicks.add(click(user, page.getString("request_id"), items.getJsonObject(0).getString("listing_id")));
            }
        }
        assertThat(app.post("/events", "application/json", clicks.encode()).statusCode()).isEqualTo(202);

        HttpResponse<String> res = admin("POST", "/admin/models/retrain");

        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonObject model = new JsonObject(res.body()).getJsonObject("model");
        canaryVersion = model.getString("version");
        assertThat(canaryVersion).isNotEqualTo(firstVersion);
        assertThat(model.getString("stage")).isEqualTo("staging");
        assertThat(model.getJsonObject("evaluation").getString("compared_with")).isEqualTo(firstVersion);
        assertThat(model.getJsonObject("evaluation").getJsonObject("ndcg").getDouble("production")).isNotNull();
    }

    @Test
    @Order(4)
    void shouldServeTheCanaryToBuyersHashedIntoFivePercentOnly() {
        JsonObject canaryPage = feed(canaryUser);
        JsonObject productionPage = feed(productionUser);

        assertThat(canaryPage.getString("model_version")).isEqualTo(canaryVersion);
        assertThat(productionPage.getString("model_version")).isEqualTo(firstVersion);
        // the canary's own SHAP values explain a canary buyer's page
        JsonObject explained = null;
        for (int attempt = 0; attempt < 5 && (explained == null || !explained.containsKey("explanations")); attempt++) {
            explained = new JsonObject(app.get("/feed?user_id=" + canaryUser + "&lat=13.75&lon=100.5&explain=true").body());
        }
        assertThat(explained.getString("model_version")).isEqualTo(canaryVersion);
        assertThat(explained.getJsonArray("explanations").getJsonObject(0).getJsonObject("pctr_shap")).isNotEmpty();
    }

    @Test
    @Order(5)
    void shouldCountImpressionsAndClicksPerModelVersion() throws Exception {
        JsonArray clicks = new JsonArray();
        for (int i = 0; i < 4; i++) {
            for (String user : new String[]{canaryUser, productionUser}) {
                JsonObject page = feed(user);
                clicks.add(click(user, page.getString("request_id"),
                        page.getJsonArray("items").getJsonObject(0).getString("listing_id")));
            }
        }
        assertThat(app.post("/events", "application/json", clicks.encode()).statusCode()).isEqualTo(202);

        RunningMercatorAccess.eventually(Duration.ofSeconds(30), () -> {
            JsonObject canary = new JsonObject(admin("GET", "/admin/canary").body());
            return canary.getJsonObject("traffic").getJsonObject("canary").getLong("clicks") >= 4;
        });
        JsonObject status = new JsonObject(admin("GET", "/admin/canary").body());
        assertThat(status.getString("canary")).isEqualTo(canaryVersion);
        assertThat(status.getString("production")).isEqualTo(firstVersion);
        assertThat(status.getDouble("percent")).isEqualTo(5.0);
        JsonObject canaryTraffic = status.getJsonObject("traffic").getJsonObject("canary");
        assertThat(canaryTraffic.getLong("impressions")).isGreaterThanOrEqualTo(4 * 4);
        assertThat(canaryTraffic.getDouble("ctr")).isGreaterThan(0.0);
        assertThat(status.getJsonObject("verdict").getString("decision")).isIn("waiting", "keep");
        String metrics = app.get("/metrics").body();
        assertThat(metrics).contains("mercator_model_impressions_total{model_version=\"" + canaryVersion + "\"}")
                .contains("mercator_model_ctr{model_version=\"" + canaryVersion + "\"}");
    }

    @Test
    @Order(6)
    void shouldPromoteTheCanaryForEveryoneAndRollBack() {
        HttpResponse<String> wrongStage = admin("POST", "/admin/models/" + firstVersion + "/promote");
        assertThat(wrongStage.statusCode()).as(wrongStage.body()).isEqualTo(409);

        HttpResponse<String> promoted = admin("POST", "/admin/models/" + canaryVersion + "/promote");

        assertThat(promoted.statusCode()).as(promoted.body()).isEqualTo(200);
        assertThat(feed(productionUser).getString("model_version")).isEqualTo(canaryVersion);
        assertThat(feed(canaryUser).getString("model_version")).isEqualTo(canaryVersion);
        assertThat(new JsonObject(admin("GET", "/admin/canary").body()).getString("canary")).isNull();

        HttpResponse<String> rolledBack = admin("POST", "/admin/models/rollback");

        assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(200);
        assertThat(new JsonObject(rolledBack.body()).getJsonObject("production").getString("version"))
                .isEqualTo(firstVersion);
        assertThat(feed(productionUser).getString("model_version")).isEqualTo(firstVersion);
        JsonArray history = new JsonObject(admin("GET", "/admin/models/history").body()).getJsonArray("history");
        assertThat(history.stream().map(h -> ((JsonObject) h).getString("action")))
                .containsExactly("register", "register", "promote", "rollback");
        JsonObject last = history.getJsonObject(history.size() - 1);
        assertThat(last.getString("actor")).as("the key's label, never the key").isEqualTo("admin");
        assertThat(last.getString("reason")).isEqualTo("end-to-end test");
    }

    @Test
    @Order(7)
    void shouldShadowAndSwitchBlueGreenThroughTheAdminApi() throws Exception {
        JsonArray all = new JsonObject(admin("GET", "/admin/releases").body()).getJsonArray("releases");
        assertThat(all.stream().map(r -> ((JsonObject) r).getString("kind"))).contains("ranker", "fraud");
        JsonObject ranker = new JsonObject(admin("GET", "/admin/releases/ranker").body());
        assertThat(ranker.getString("mode")).isEqualTo("none");
        assertThat(ranker.getString("live")).isEqualTo(firstVersion);

        HttpResponse<String> unknownKind = admin("GET", "/admin/releases/speech");
        assertThat(unknownKind.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(unknownKind.body()).getString("error")).contains("'speech'").contains("ranker");
        HttpResponse<String> noVersion = release("shadow", "{}");
        assertThat(noVersion.statusCode()).as("no version named").isEqualTo(400);
        assertThat(new JsonObject(noVersion.body()).getString("error")).contains("name the candidate");
        HttpResponse<String> notJson = release("blue-green", "version please");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(notJson.body()).getString("error")).contains("must be JSON");
        HttpResponse<String> unknownVersion = release("shadow", "{\"version\":\"m-none\"}");
        assertThat(unknownVersion.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(unknownVersion.body()).getString("error")).contains("no ranker model version m-none");
        HttpResponse<String> outOfTurn = release("switch", "{}");
        assertThat(outOfTurn.statusCode()).as("no blue-green running").isEqualTo(409);
        assertThat(new JsonObject(outOfTurn.body()).getString("error")).contains("no blue-green release is running");
        assertThat(release("/fraud/end", "{}").statusCode()).as("no fraud release running").isEqualTo(409);

        // shadow: the archived canary scores production's requests beside it, never served
        HttpResponse<String> shadow = release("shadow", "{\"version\":\"" + canaryVersion + "\",\"reason\":\"compare\"}");
        assertThat(shadow.statusCode()).as(shadow.body()).isEqualTo(200);
        assertThat(new JsonObject(shadow.body()).getString("mode")).isEqualTo("shadow");
        JsonObject watched = null;
        // the shadow has a CPU budget (releases.shadowCoreShare): past it, requests are skipped, so ask until enough
        // compared; a request whose scores are all equal (a new user's cold feed can be) has no rank correlation, so
        // ask until one has
        for (int i = 0; i < 200; i++) {
            assertThat(feed(productionUser + "-" + i).getString("model_version")).isIn(firstVersion, "trending", "popularity");
            watched = new JsonObject(admin("GET", "/admin/releases/ranker").body()).getJsonObject("shadow");
            if (watched.getLong("compared") >= 5 && watched.getJsonObject("rank_correlation").getValue("mean") != null) {
                break;
            }
        }
        assertThat(watched.getLong("compared")).as(watched.encode()).isGreaterThanOrEqualTo(5);
        assertThat(watched.getJsonObject("rank_correlation").getDouble("mean")).isBetween(-1.0, 1.0);
        assertThat(watched.getJsonObject("score_drift").containsKey("ks_statistic")).isTrue();
        assertThat(release("end", "{}").statusCode()).isEqualTo(200);

        // blue-green: green serves everyone at once, blue comes back as fast
        assertThat(release("blue-green", "{\"version\":\"" + canaryVersion + "\"}").statusCode()).isEqualTo(200);
        assertThat(feed(productionUser).getString("model_version")).isEqualTo(firstVersion);
        assertThat(release("switch", "{}").statusCode()).isEqualTo(200);
        assertThat(feed(productionUser).getString("model_version")).isEqualTo(canaryVersion);
        assertThat(feed(canaryUser).getString("model_version")).isEqualTo(canaryVersion);
        JsonObject back = new JsonObject(release("switch-back", "{}").body());
        assertThat(back.getString("live")).isEqualTo(firstVersion);
        assertThat(feed(productionUser).getString("model_version")).isEqualTo(firstVersion);
        JsonObject ended = new JsonObject(release("end", "{}").body());
        assertThat(ended.getString("mode")).isEqualTo("none");
        assertThat(ended.getString("champion")).isEqualTo(firstVersion);

        JsonArray history = new JsonObject(admin("GET", "/admin/models/history").body()).getJsonArray("history");
        assertThat(history.stream().map(h -> ((JsonObject) h).getString("action")))
                .containsSubsequence("rollback", "switch", "switch");
    }

    private static HttpResponse<String> release(String step, String body) {
        return app.send("POST", "/admin/releases/" + (step.startsWith("/") ? step.substring(1) : "ranker/" + step), body,
                "Authorization", AUTH, "content-type", "application/json");
    }

    @Test
    @Order(8)
    void shouldRefuseTheCommandLineWhileTheServiceHoldsTheDataDirectory() {
        java.io.StringWriter err = new java.io.StringWriter();
        int code = new picocli.CommandLine(new io.mercator.service.cli.MercatorCli())
                .setErr(new java.io.PrintWriter(err))
                .execute("models", "--data-dir", dataDir.toString(), "list");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("admin API");
    }

    @Test
    @Order(9)
    void shouldListAndRollBackFromTheCommandLineOnceTheServiceStopped() {
        app.close();
        app = null;
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(new io.mercator.service.cli.MercatorCli())
                .setOut(new java.io.PrintWriter(out));

        assertThat(cli.execute("models", "--data-dir", dataDir.toString(), "list")).isZero();
        assertThat(out.toString()).containsPattern(firstVersion + " +production")
                .containsPattern(canaryVersion + " +archived");

        assertThat(cli.execute("models", "--data-dir", dataDir.toString(), "rollback")).as("no earlier production")
                .isEqualTo(1);
    }

    private static JsonObject click(String user, String requestId, String listingId) {
        return new JsonObject().put("id", "c-" + UUID.randomUUID()).put("type", "interaction.click").put("v", 1)
                .put("ts", System.currentTimeMillis()).put("key", user)
                .put("data", new JsonObject().put("requestId", requestId).put("listingId", listingId));
    }
}
