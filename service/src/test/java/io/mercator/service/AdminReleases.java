package io.mercator.service;

import io.mercator.events.payload.ModelPayload;
import io.vertx.core.json.JsonObject;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The service's release routes ({@code /admin/releases/...}) as a test calls them, with one admin key. */
final class AdminReleases {

    private final RunningMercator app;
    private final String key;

    AdminReleases(RunningMercator app, String key) {
        this.app = app;
        this.key = key;
    }

    /** {@code GET /admin/releases/{kind}}, which must answer 200. */
    JsonObject of(String kind) {
        return ok(call("GET", "/admin/releases/" + kind, null));
    }

    /** The kind's entry of {@code GET /admin/releases}, which must answer 200. */
    JsonObject listed(String kind) {
        return ok(call("GET", "/admin/releases", null)).getJsonArray("releases").stream().map(o -> (JsonObject) o)
                .filter(r -> kind.equals(r.getString("kind"))).findFirst().orElseThrow();
    }

    /** {@code POST /admin/releases/{kind}/{step}}, which must answer 200: the release after it. */
    JsonObject step(String kind, String step, JsonObject body) {
        return ok(call("POST", "/admin/releases/" + kind + "/" + step, body));
    }

    /** {@code POST /admin/releases/{kind}/{step}}, whatever it answers. */
    HttpResponse<String> call(String method, String path, JsonObject body) {
        return app.send(method, path, body == null ? null : body.encode(), "Authorization", "Bearer " + key,
                "content-type", "application/json");
    }

    /**
     * Sends {@code traffic} until the kind's running shadow has compared a request, and checks that
     * it agreed exactly with the champion (a candidate with the champion's own weights): the
     * shadow's figures as {@code GET /admin/releases/{kind}} shows them.
     */
    JsonObject shadowAgreesExactly(String kind, Runnable traffic) throws InterruptedException {
        JsonObject[] shadow = new JsonObject[1];
        RunningMercator.eventually(java.time.Duration.ofSeconds(20), () -> {
            traffic.run();
            shadow[0] = of(kind).getJsonObject("shadow");
            return shadow[0] != null && shadow[0].getLong("compared") >= 1;
        });
        assertThat(shadow[0].getJsonObject("rank_correlation").getDouble("mean")).isEqualTo(1.0);
        assertThat(shadow[0].getJsonObject("score_drift").getDouble("mean_abs_difference")).isZero();
        return shadow[0];
    }

    /** The kind's {@code model.release} events on the service's log now, in order. */
    List<ModelPayload.ReleaseChanged> changes(String kind) {
        return app.records().stream().filter(r -> kind.equals(r.event().key()))
                .filter(r -> r.event().data() instanceof ModelPayload.ReleaseChanged)
                .map(r -> (ModelPayload.ReleaseChanged) r.event().data()).toList();
    }

    private static JsonObject ok(HttpResponse<String> res) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return new JsonObject(res.body());
    }
}
