package io.mercator.service;

import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.BoostPayload;
import io.mercator.events.payload.InteractionPayload;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-boost agent in a running service: a campaign started through {@code POST /events} fills a
 * sponsored slot of {@code /search}, the item names its campaign, each impression is charged by a
 * {@code boost.spend} event whose id comes from the request, a campaign out of budget stops at the
 * next request, the meters show it, and bad boost events get a 400 with their reason.
 */
class AutoboostEndToEndTest {

    private static final String QUERY = "/search?q=iphone%2013%20pro%20256gb&lat=13.75&lon=100.5&limit=20";

    @TempDir
    static Path dataDir;
    static RunningMercator app;

    @BeforeAll
    static void start() throws Exception {
        app = RunningMercator.start(dataDir, false).awaitReady();
        JsonArray events = new JsonArray();
        for (int i = 0; i < 15; i++) {
            events.add(EventsEndpointTest.event("listing.published", "L-match-" + i, listing("S-" + i,
                    "iPhone 13 Pro 256GB มือสอง สภาพดี " + i)));
        }
        // the boosted listing matches the query worst: organically it ranks last
        events.add(EventsEndpointTest.event("listing.published", "L-boosted", listing("S-boosted", "เคสโทรศัพท์ iPhone")));
        assertThat(post(events).statusCode()).isEqualTo(202);
        assertThat(post(new JsonArray().add(campaign("cmp-e2e", "L-boosted", 100, 100)))).extracting(HttpResponse::statusCode)
                .isEqualTo(202);
        // indexed and applied: a search that stops before the first sponsored slot finds it (and charges nothing)
        RunningMercator.eventually(Duration.ofSeconds(30), () -> app.mercator.boosts().ledger().isKnown("cmp-e2e")
                && app.get("/search?q=%E0%B9%80%E0%B8%84%E0%B8%AA&lat=13.75&lon=100.5&limit=3").body().contains("L-boosted")
                && app.get("/search?q=256gb&lat=13.75&lon=100.5&limit=3").body().contains("L-match-"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static JsonObject listing(String seller, String title) {
        return new JsonObject().put("sellerId", seller).put("title", title).put("description", "ใช้งานปกติ")
                .put("lang", "th").put("category", "mobile-phones").put("price", 15_000).put("condition", "good")
                .put("stock", 1).put("photos", new JsonArray().add("p/1.jpg")).put("province", "Bangkok")
                .put("lat", 13.75).put("lon", 100.5);
    }

    private static JsonObject campaign(String id, String listing, double budget, double cpm) {
        return EventsEndpointTest.event("boost.campaign_started", listing, new JsonObject().put("campaignId", id)
                .put("budget", budget).put("bidPerMille", cpm).put("endsAt", System.currentTimeMillis() + 86_400_000L));
    }

    private static HttpResponse<String> post(JsonArray events) {
        return app.post("/events", "application/json", events.encode());
    }

    private static JsonObject boostedItem(JsonObject response) {
        for (Object o : response.getJsonArray("items")) {
            JsonObject item = (JsonObject) o;
            if (item.getString("listing_id").equals("L-boosted")) {
                return item;
            }
        }
        return null;
    }

    @Test
    void shouldFillASponsoredSlotChargeEachImpressionOnceAndStopWhenTheBudgetRunsOut() throws Exception {
        JsonObject first = new JsonObject(app.get(QUERY).body());
        JsonObject sponsored = boostedItem(first);
        assertThat(sponsored).isNotNull();
        assertThat(sponsored.getBoolean("sponsored")).isTrue();
        assertThat(sponsored.getString("campaign_id")).isEqualTo("cmp-e2e");
        assertThat(sponsored.getInteger("position")).isEqualTo(4);
        assertThat(first.getJsonArray("items").stream().map(o -> (JsonObject) o)
                .filter(i -> !i.getString("listing_id").equals("L-boosted")))
                .allSatisfy(i -> assertThat(i.containsKey("campaign_id")).isFalse());

        String requestId = first.getString("request_id");
        RunningMercator.eventually(Duration.ofSeconds(10), () -> spends().stream()
                .anyMatch(r -> r.event().id().equals("spend:" + requestId + ":L-boosted")));
        LogRecord spend = spends().stream().filter(r -> r.event().id().equals("spend:" + requestId + ":L-boosted"))
                .findFirst().orElseThrow();
        assertThat(((BoostPayload.Spend) spend.event().data()).amount()).isEqualTo(0.1); // 100 THB per 1,000
        assertThat(spend.event().key()).isEqualTo("L-boosted");
        InteractionPayload.Impressions.Shown shown = app.records().stream()
                .filter(r -> r.event().id().equals("imps:" + requestId)).findFirst().orElseThrow().event().data() instanceof
                InteractionPayload.Impressions list ? list.items().get(3) : null;
        assertThat(shown).isNotNull();
        assertThat(shown.campaignId()).isEqualTo("cmp-e2e");

        // a second request is charged too; then the budget is cut to what was spent: the next request stops it
        assertThat(boostedItem(new JsonObject(app.get(QUERY).body())).getBoolean("sponsored")).isTrue();
        RunningMercator.eventually(Duration.ofSeconds(10), () -> spends().size() == 2);
        JsonObject cut = EventsEndpointTest.event("boost.budget_changed", "L-boosted",
                new JsonObject().put("campaignId", "cmp-e2e").put("budget", 0.2));
        assertThat(post(new JsonArray().add(cut)).statusCode()).isEqualTo(202);
        RunningMercator.eventually(Duration.ofSeconds(10),
                () -> app.mercator.boosts().ledger().campaignState("cmp-e2e").budget() == 0.2);
        JsonObject after = new JsonObject(app.get(QUERY).body());
        assertThat(after.getJsonArray("items").stream().map(o -> (JsonObject) o))
                .noneMatch(i -> i.getBoolean("sponsored"));
        assertThat(app.mercator.boosts().ledger().campaignState("cmp-e2e").spent()).isEqualTo(0.2);

        String metrics = app.get("/metrics").body();
        assertThat(metrics).contains("mercator_boost_spend_thb_total{campaign=\"cmp-e2e\"} 0.2");
        assertThat(metrics).contains("mercator_boost_sponsored_slots_total{policy=\"thompson\"} 2.0");
        assertThat(metrics).contains("mercator_boost_throttled_campaigns");
        assertThat(metrics).contains("mercator_boost_lease_failures_total 0.0");
        assertThat(metrics).contains("mercator_boost_regret_proxy");
    }

    @Test
    void shouldRefuseBadBoostEventsWithTheirReason() {
        long now = System.currentTimeMillis();
        record Case(JsonObject event, String reason) {
        }
        List<Case> cases = List.of(
                new Case(campaign("cmp-neg", "L-match-1", -5, 20), "budget must be a positive amount"),
                new Case(campaign("cmp-high", "L-match-1", 50, 80), "is above the budget"),
                new Case(EventsEndpointTest.event("boost.campaign_started", "L-match-1", new JsonObject()
                        .put("campaignId", "cmp-late").put("budget", 100).put("bidPerMille", 20).put("endsAt", now - 60_000)),
                        "is not after the campaign's start"),
                new Case(EventsEndpointTest.event("boost.budget_changed", "L-match-1", new JsonObject()
                        .put("campaignId", "cmp-nobody").put("budget", 100)), "unknown campaign 'cmp-nobody'"),
                new Case(campaign("cmp-e2e", "L-match-2", 100, 20), "campaign 'cmp-e2e' already exists"));
        for (Case c : cases) {
            HttpResponse<String> res = post(new JsonArray().add(c.event()));
            assertThat(res.statusCode()).as(c.reason()).isEqualTo(400);
            assertThat(res.body()).contains(c.reason());
        }
    }

    private static List<LogRecord> spends() {
        return app.records().stream().filter(r -> r.event().data() instanceof BoostPayload.Spend).toList();
    }
}
