package io.mercator.service;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.mercator.service.RunningMercator.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The moderation queue, the overrides and admin roles, against a running service on a small demo
 * marketplace: a flag becomes a queue item, a moderator's decision takes the listing out of
 * /search and /feed within a second, a second decision is refused with the first, overrides set
 * and lift, and every action is audited under the key's label.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HumansInTheLoopTest {

    private static final String VIEWER = "viewer-key-" + UUID.randomUUID();
    private static final String MODERATOR = "moderator-key-" + UUID.randomUUID();
    private static final String ADMIN = "admin-key-" + UUID.randomUUID();

    @TempDir
    static Path dir;
    static RunningMercator app;
    /** A listing of the demo with its seller, served to a buyer in Bangkok. */
    static String listing;
    static String feedUser;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> settings = new HashMap<>(RunningMercator.adminKeys(dir,
                "viewer-1", "viewer", VIEWER, "mod-1", "moderator", MODERATOR, "ops-1", "admin", ADMIN));
        settings.put("MERCATOR_RETRAINING_ENABLED", "false");
        settings.put("MERCATOR_FRAUD_REFRESH_SECONDS", "1");
        app = RunningMercator.start(dir.resolve("data"), true, settings).awaitReady();
        // a listing that a buyer's feed serves and that a search for its title finds
        for (int u = 1; u <= 60 && listing == null; u++) {
            String user = "user-%05d".formatted(u);
            for (String candidate : served(feed(user))) {
                if (served(search(candidate)).contains(candidate)) {
                    feedUser = user;
                    listing = candidate;
                    break;
                }
            }
        }
        assertThat(listing).as("a listing served in a feed and found by search").isNotNull();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static String feed(String user) {
        return "/feed?user_id=" + user + "&lat=13.75&lon=100.5&limit=50";
    }

    private static HttpResponse<String> as(String key, String method, String path, String body) {
        return body == null ? app.send(method, path, null, "Authorization", "Bearer " + key)
                : app.send(method, path, body, "Authorization", "Bearer " + key, "content-type", "application/json");
    }

    private static List<String> served(String path) {
        JsonArray items = new JsonObject(app.get(path).body()).getJsonArray("items");
        return items.stream().map(o -> ((JsonObject) o).getString("listing_id")).toList();
    }

    private static String title() {
        return app.mercator.catalog().listing(listing).orElseThrow().title();
    }

    private static String search(String listingId) {
        String title = app.mercator.catalog().listing(listingId).orElseThrow().title();
        return "/search?q=" + java.net.URLEncoder.encode(title, java.nio.charset.StandardCharsets.UTF_8)
                + "&lat=13.75&lon=100.5&limit=100";
    }

    @Test
    @Order(1)
    void eachRoleMayDoWhatItIsFor() {
        assertThat(app.get("/admin/moderation/queue").statusCode()).isEqualTo(401);
        assertThat(as("not-a-key-at-all-123", "GET", "/admin/moderation/queue", null).statusCode()).isEqualTo(403);
        assertThat(as(VIEWER, "GET", "/admin/moderation/queue", null).statusCode()).isEqualTo(200);

        HttpResponse<String> viewerDecides = as(VIEWER, "POST", "/admin/overrides",
                "{\"action\":\"ban_category\",\"target\":\"books\",\"reason\":\"x\"}");
        assertThat(viewerDecides.statusCode()).isEqualTo(403);
        assertThat(viewerDecides.body()).contains("needs role moderator").contains("viewer-1").doesNotContain(VIEWER);
        assertThat(as(MODERATOR, "GET", "/admin/keys", null).statusCode()).as("keys are for admins").isEqualTo(403);

        JsonArray keys = new JsonObject(as(ADMIN, "GET", "/admin/keys", null).body()).getJsonArray("keys");
        assertThat(keys.encode()).contains("viewer-1", "mod-1", "ops-1").doesNotContain(VIEWER, MODERATOR, ADMIN);
    }

    @Test
    @Order(2)
    void aFlagBecomesAQueueItemWithItsEvidence() throws Exception {
        String flag = new JsonArray().add(new JsonObject().put("id", "flag-" + UUID.randomUUID())
                .put("type", "moderation.flagged").put("v", 1).put("ts", System.currentTimeMillis()).put("key", listing)
                .put("data", new JsonObject().put("reason", "phone number in the description").put("risk", 0.9)
                        .put("source", "text-analysis").put("kind", "diversion")
                        .put("evidence", new JsonObject().put("findings", new JsonArray().add(new JsonObject()
                                .put("type", "phone").put("start", 3).put("end", 13)))))).encode();
        assertThat(app.post("/events", "application/json", flag).statusCode()).isEqualTo(202);

        eventually(Duration.ofSeconds(5), () -> new JsonObject(as(VIEWER, "GET",
                "/admin/moderation/queue?state=pending&kind=diversion", null).body()).getInteger("total") > 0);
        HttpResponse<String> listed = as(VIEWER, "GET", "/admin/moderation/queue?state=pending&kind=diversion", null);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        JsonObject page = new JsonObject(listed.body());
        JsonObject summary = page.getJsonArray("items").getJsonObject(0);
        assertThat(summary.getString("listing_id")).isEqualTo(listing);
        assertThat(summary.getString("title")).isEqualTo(title());

        HttpResponse<String> shown = as(VIEWER, "GET", "/admin/moderation/items/" + summary.getString("id"), null);
        assertThat(shown.statusCode()).as(shown.body()).isEqualTo(200);
        JsonObject item = new JsonObject(shown.body());
        assertThat(item.getJsonArray("flags")).as(shown.body()).isNotNull();
        // the listing may have been flagged before (the fraud screen): find this test's flag
        JsonObject evidence = item.getJsonArray("flags").stream().map(JsonObject.class::cast)
                .filter(f -> "text-analysis".equals(f.getString("source"))).findFirst().orElseThrow()
                .getJsonObject("evidence");
        assertThat(evidence.getJsonArray("findings").getJsonObject(0).getInteger("start")).isEqualTo(3);
        assertThat(item.getJsonObject("listing").getString("seller_id")).isNotBlank();
    }

    @Test
    @Order(3)
    void aRemovalTakesTheListingOutOfSearchAndFeedWithinASecondAndASecondDecisionIsRefused() throws Exception {
        String id = listing + "~1";
        String search = search(listing);
        assertThat(served(search)).contains(listing);
        assertThat(served(feed(feedUser))).contains(listing);

        long asked = System.nanoTime();
        HttpResponse<String> decided = as(MODERATOR, "POST", "/admin/moderation/items/" + id + "/decision",
                "{\"decision\":\"remove\",\"reason\":\"contact details in the text\"}");
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
        assertThat(new JsonObject(decided.body()).getJsonObject("decision").getString("actor")).isEqualTo("mod-1");
        eventually(Duration.ofSeconds(1), () -> !served(search).contains(listing) && !served(feed(feedUser)).contains(listing));
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(5));

        HttpResponse<String> again = as(MODERATOR, "POST", "/admin/moderation/items/" + id + "/decision",
                "{\"decision\":\"approve\",\"reason\":\"second opinion\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        JsonObject first = new JsonObject(again.body()).getJsonObject("decision");
        assertThat(first.getString("decision")).isEqualTo("remove");
        assertThat(first.getString("reason")).isEqualTo("contact details in the text");
    }

    @Test
    @Order(4)
    void decisionsRefuseBadInputWithAReason() throws Exception {
        String pendingFlag = new JsonArray().add(new JsonObject().put("id", "flag-" + UUID.randomUUID())
                .put("type", "moderation.flagged").put("v", 1).put("ts", System.currentTimeMillis()).put("key", listing)
                .put("data", new JsonObject().put("reason", "again").put("risk", 0.6).put("source", "user-report")))
                .encode();
        assertThat(app.post("/events", "application/json", pendingFlag).statusCode()).isEqualTo(202);
        String path = "/admin/moderation/items/" + listing + "~2/decision";

        assertThat(as(MODERATOR, "POST", "/admin/moderation/items/no-such-item/decision",
                "{\"decision\":\"remove\",\"reason\":\"x\"}").statusCode()).isEqualTo(404);
        eventually(Duration.ofSeconds(5), () -> as(VIEWER, "GET", "/admin/moderation/items/" + listing + "~2", null)
                .statusCode() == 200);
        HttpResponse<String> noReason = as(MODERATOR, "POST", path, "{\"decision\":\"remove\"}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("needs a reason");
        assertThat(as(MODERATOR, "POST", path, "remove it").statusCode()).isEqualTo(400);
        assertThat(as(MODERATOR, "POST", path, "{\"decision\":\"delete\",\"reason\":\"x\"}").body())
                .contains("decision must be");
        assertThat(as(MODERATOR, "POST", "/admin/overrides", "{\"action\":\"nuke\",\"target\":\"x\",\"reason\":\"y\"}")
                .body()).contains("action must be");
        assertThat(as(VIEWER, "GET", "/admin/moderation/queue?state=open", null).statusCode()).isEqualTo(400);
        assertThat(as(VIEWER, "GET", "/admin/moderation/queue?size=5000", null).statusCode()).isEqualTo(400);
        assertThat(as(MODERATOR, "POST", "/admin/overrides", "{\"action\":\"ban_category\",\"target\":\"books\","
                + "\"reason\":\"" + "x".repeat(70_000) + "\"}").statusCode()).isEqualTo(413);
    }

    @Test
    @Order(4)
    void aDecisionOnAListingItsSellerRemovedIsRefused() throws Exception {
        String gone = served(feed(feedUser)).stream().filter(id -> !id.equals(listing)).findFirst().orElseThrow();
        long now = System.currentTimeMillis();
        String events = new JsonArray()
                .add(new JsonObject().put("id", "flag-" + UUID.randomUUID()).put("type", "moderation.flagged").put("v", 1)
                        .put("ts", now).put("key", gone).put("data", new JsonObject().put("reason", "reported")
                                .put("risk", 0.7).put("source", "user-report")))
                .add(new JsonObject().put("id", "removed-" + UUID.randomUUID()).put("type", "listing.removed").put("v", 1)
                        .put("ts", now + 1).put("key", gone).put("data", new JsonObject().put("reason", "sold")))
                .encode();
        assertThat(app.post("/events", "application/json", events).statusCode()).isEqualTo(202);
        String item = "/admin/moderation/items/" + gone + "~1";
        eventually(Duration.ofSeconds(5), () -> as(VIEWER, "GET", item, null).statusCode() == 200
                && app.mercator.catalog().listing(gone).map(l -> l.removed()).orElse(false));

        HttpResponse<String> decided = as(MODERATOR, "POST", item + "/decision", "{\"decision\":\"remove\",\"reason\":\"x\"}");
        assertThat(decided.statusCode()).isEqualTo(409);
        assertThat(decided.body()).contains("removed by its seller");
    }

    @Test
    @Order(5)
    void anOverrideTakesEffectIsListedWithItsAuthorAndCanBeLifted() throws Exception {
        String other = served(feed(feedUser)).get(0);
        String category = app.mercator.catalog().listing(other).orElseThrow().category();

        HttpResponse<String> set = as(MODERATOR, "POST", "/admin/overrides",
                "{\"action\":\"ban_category\",\"target\":\"" + category + "\",\"reason\":\"recall notice\"}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        JsonObject active = new JsonObject(as(VIEWER, "GET", "/admin/overrides", null).body())
                .getJsonArray("overrides").getJsonObject(0);
        assertThat(active.getString("target")).isEqualTo(category);
        assertThat(active.getString("actor")).isEqualTo("mod-1");
        assertThat(active.getString("reason")).isEqualTo("recall notice");
        eventually(Duration.ofSeconds(1), () -> !served(feed(feedUser)).contains(other));

        assertThat(as(MODERATOR, "POST", "/admin/overrides/lift",
                "{\"action\":\"ban_category\",\"target\":\"" + category + "\",\"reason\":\"recall over\"}")
                .statusCode()).isEqualTo(200);
        eventually(Duration.ofSeconds(1), () -> served(feed(feedUser)).contains(other));
        assertThat(as(MODERATOR, "POST", "/admin/overrides/lift",
                "{\"action\":\"ban_category\",\"target\":\"" + category + "\",\"reason\":\"again\"}")
                .statusCode()).as("nothing left to lift").isEqualTo(404);
        assertThat(as(MODERATOR, "POST", "/admin/overrides",
                "{\"action\":\"ban_category\",\"target\":\"no-such-category\",\"reason\":\"x\"}").statusCode())
                .isEqualTo(404);
        assertThat(as(MODERATOR, "POST", "/admin/overrides",
                "{\"action\":\"ban_category\",\"target\":\"books\"}").statusCode()).isEqualTo(400);
    }

    @Test
    @Order(6)
    void everyActionIsAuditedUnderTheKeysLabelNeverTheKey() throws Exception {
        // the trail is a projection of the log: the last actions reach it a moment after they answered
        eventually(Duration.ofSeconds(10), () -> as(VIEWER, "GET", "/admin/audit?limit=100", null).body()
                .contains("\"override.lift\""));
        String trail = as(VIEWER, "GET", "/admin/audit?limit=100", null).body();
        JsonArray audit = new JsonObject(trail).getJsonArray("audit");
        List<String> actions = audit.stream().map(o -> ((JsonObject) o).getString("action")).toList();
        assertThat(actions).contains("moderation.decide", "override.set", "override.lift");
        assertThat(audit.stream().map(o -> (JsonObject) o).filter(o -> "viewer-1".equals(o.getString("actor"))))
                .as("the refused attempt is on the trail too")
                .anySatisfy(o -> assertThat(o.getInteger("status")).isEqualTo(403));
        assertThat(trail).doesNotContain(VIEWER, MODERATOR, ADMIN);
    }

    @Test
    @Order(7)
    void theFraudModelQueuesWhatLooksOddAndTheQueueCanBeOrderedByWhatALabelIsWorth() throws Exception {
        // no moderator has decided on fraud yet: an anomaly model, which queues and never removes alone
        // (its card shows as soon as it is trained, its actions once it has scored the listings)
        eventually(Duration.ofSeconds(30), () -> {
            JsonObject f = new JsonObject(as(VIEWER, "GET", "/admin/fraud", null).body());
            return f.containsKey("model") && f.getJsonObject("actions").getInteger("pass") > 0
                    && f.getJsonObject("actions").getInteger("review") > 0;
        });
        JsonObject fraud = new JsonObject(as(VIEWER, "GET", "/admin/fraud", null).body());
        assertThat(fraud.getJsonObject("model").getString("kind")).isEqualTo("anomaly");
        assertThat(fraud.getBoolean("gate_open")).isFalse();
        assertThat(fraud.getJsonObject("actions").getInteger("remove")).isZero();
        assertThat(fraud.getJsonObject("actions").getInteger("pass")).isPositive();
        int reviewed = fraud.getJsonObject("actions").getInteger("review");
        assertThat(reviewed).isPositive();

        // the model's flags reach the queue through the log, a moment after /admin/fraud counts them;
        // they are a few among hundreds of rule flags, so every pending fraud item is read, not one page
        List<JsonObject> modelFlags = new java.util.ArrayList<>();
        eventually(Duration.ofSeconds(30), () -> {
            modelFlags.clear();
            for (int p = 0; ; p++) {
                JsonArray items = new JsonObject(as(VIEWER, "GET",
                        "/admin/moderation/queue?state=pending&kind=fraud&size=200&page=" + p, null).body()).getJsonArray("items");
                // the model's flags carry the evidence: its version and the features that moved it
                items.stream()
                        .map(o -> new JsonObject(as(VIEWER, "GET", "/admin/moderation/items/" + ((JsonObject) o).getString("id"), null).body()))
                        .flatMap(item -> item.getJsonArray("flags").stream().map(f -> (JsonObject) f))
                        .filter(f -> "fraud-model".equals(f.getString("source"))).forEach(modelFlags::add);
                if (items.size() < 200) {
                    return !modelFlags.isEmpty();
                }
            }
        });
        JsonObject page = new JsonObject(as(VIEWER, "GET",
                "/admin/moderation/queue?state=pending&kind=fraud&order=label_value&size=50", null).body());
        List<Double> values = page.getJsonArray("items").stream().map(o -> ((JsonObject) o).getDouble("label_value")).toList();
        assertThat(values).isNotEmpty().doesNotContainNull();
        assertThat(values).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(values.getFirst()).isPositive();
        assertThat(modelFlags).isNotEmpty().allSatisfy(f -> {
            assertThat(f.getJsonObject("evidence").getString("model_version")).startsWith("fraud-anomaly-");
            assertThat(f.getJsonObject("evidence").getJsonObject("top_features")).isNotEmpty();
        });
        assertThat(as(VIEWER, "GET", "/admin/moderation/queue?order=newest", null).statusCode()).isEqualTo(400);
    }
}
