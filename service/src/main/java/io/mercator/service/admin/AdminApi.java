package io.mercator.service.admin;

import io.mercator.events.log.EventLog;
import io.mercator.learning.registry.CandidateTraining;
import io.mercator.learning.registry.RegisteredModel;
import io.mercator.learning.lifecycle.LearningLoopMetrics;
import io.mercator.learning.lifecycle.ModelLifecycle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The admin API's model registry and canary routes, mounted under {@code /admin}; every route needs
 * {@code Authorization: Bearer <admin.apiKey>} ({@link ApiKeyAuth}).
 * <ul>
 *   <li>{@code GET /admin/models}: every version with stage, card and NDCG figures;</li>
 *   <li>{@code GET /admin/models/history}: every stage change with time, actor and reason;</li>
 *   <li>{@code POST /admin/models/{version}/promote}: staging to production (409 if it is not staging);</li>
 *   <li>{@code POST /admin/models/rollback}: the previous production back (409 if there is none);</li>
 *   <li>{@code POST /admin/models/retrain}: train a candidate now and register it through the gate;</li>
 *   <li>{@code GET /admin/canary}: canary and production traffic, CTR, CVR and the z-test verdict;</li>
 *   <li>{@code POST /admin/canary/check}: run the canary monitor now (rolls back if significantly worse);</li>
 *   <li>{@code POST /admin/canary/abort}: withdraw the canary (staging archived).</li>
 * </ul>
 * Changing routes take an optional JSON body {@code {"reason": "..."}} recorded on the history.
 * Registry work blocks on files and LightGBM, so it runs on a worker.
 */
public final class AdminApi {

    private static final String ACTOR = "admin-api";

    private final ModelLifecycle lifecycle;
    private final LearningLoopMetrics metrics;
    private final EventLog log;
    private final String apiKey;

    /** @param apiKey the configured key (a secret; kept only inside the auth handler's digest) */
    public AdminApi(ModelLifecycle lifecycle, LearningLoopMetrics metrics, EventLog log, String apiKey) {
        this.lifecycle = lifecycle;
        this.metrics = metrics;
        this.log = log;
        this.apiKey = apiKey;
    }

    /** The routes, to mount with {@code router.route("/admin/*").subRouter(...)}. */
    public Router router(Vertx vertx) {
        Router r = Router.router(vertx);
        r.route().handler(new ApiKeyAuth(apiKey));
        r.route().handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
        r.get("/models").handler(ctx -> blocking(ctx, () -> {
            JsonArray models = new JsonArray();
            lifecycle.registry().list().forEach(m -> models.add(AdminJson.model(m)));
            return ok(new JsonObject().put("models", models));
        }));
        r.get("/models/history").handler(ctx -> blocking(ctx, () -> {
            JsonArray history = new JsonArray();
            lifecycle.registry().history().forEach(t -> history.add(AdminJson.transition(t)));
            return ok(new JsonObject().put("history", history));
        }));
        r.post("/models/rollback").handler(ctx -> blocking(ctx, () ->
                ok(new JsonObject().put("production", AdminJson.model(
                        lifecycle.rollback(ACTOR, reason(ctx, "rolled back through the admin API")))))));
        r.post("/models/retrain").handler(ctx -> blocking(ctx, () -> {
            Optional<CandidateTraining.Outcome> o = lifecycle.retrain(log, ACTOR,
                    reason(ctx, "training asked for through the admin API"));
            if (o.isEmpty()) {
                return new Answer(409, new JsonObject().put("error", "a training run is already in progress"));
            }
            return ok(new JsonObject().put("model", AdminJson.model(o.get().registered()))
                    .put("gate", o.get().decision().reason()));
        }));
        r.post("/models/:version/promote").handler(ctx -> blocking(ctx, () -> {
            RegisteredModel m = lifecycle.promote(ctx.pathParam("version"), ACTOR,
                    reason(ctx, "promoted through the admin API"));
            return ok(new JsonObject().put("production", AdminJson.model(m)));
        }));
        r.get("/canary").handler(ctx -> blocking(ctx, () -> {
            metrics.refresh();
            return ok(AdminJson.canary(lifecycle.canaryStatus()));
        }));
        r.post("/canary/check").handler(ctx -> blocking(ctx, () -> {
            metrics.refresh();
            return ok(AdminJson.canary(lifecycle.checkCanary()));
        }));
        r.post("/canary/abort").handler(ctx -> blocking(ctx, () ->
                ok(new JsonObject().put("archived", AdminJson.model(
                        lifecycle.abortCanary(ACTOR, reason(ctx, "canary stopped through the admin API")))))));
        return r;
    }

    private record Answer(int status, JsonObject body) {
    }

    private static Answer ok(JsonObject body) {
        return new Answer(200, body);
    }

    private static String reason(RoutingContext ctx, String otherwise) {
        try {
            JsonObject body = ctx.body().asJsonObject();
            String reason = body == null ? null : body.getString("reason");
            return reason == null || reason.isBlank() ? otherwise : reason;
        } catch (RuntimeException notJson) {
            return otherwise;
        }
    }

    /** Runs {@code work} on a worker; a refused state change is 409, an unknown version 404. */
    private static void blocking(RoutingContext ctx, Callable<Answer> work) {
        ctx.vertx().executeBlocking(work, false).onComplete(ar -> {
            Answer a;
            if (ar.succeeded()) {
                a = ar.result();
            } else if (ar.cause() instanceof IllegalStateException e) {
                a = new Answer(e.getMessage() != null && e.getMessage().contains("is not registered") ? 404 : 409,
                        new JsonObject().put("error", e.getMessage()));
            } else if (ar.cause() instanceof IllegalArgumentException e) {
                a = new Answer(400, new JsonObject().put("error", e.getMessage()));
            } else {
                ctx.fail(ar.cause());
                return;
            }
            ctx.response().setStatusCode(a.status()).putHeader("content-type", "application/json; charset=utf-8")
                    .end(a.body().encode());
        });
    }
}
