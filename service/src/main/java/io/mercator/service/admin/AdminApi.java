package io.mercator.service.admin;

import io.mercator.catalog.CatalogView;
import io.mercator.events.log.EventLog;
import io.mercator.moderation.ActiveOverrides;
import io.mercator.moderation.AuditTrail;
import io.mercator.moderation.ModerationQueue;
import io.mercator.service.access.AdminAccess;
import io.mercator.service.access.KeyRing;
import io.mercator.service.access.Role;
import io.mercator.learning.registry.CandidateTraining;
import io.mercator.learning.registry.RegisteredModel;
import io.mercator.learning.lifecycle.LearningLoopMetrics;
import io.mercator.learning.lifecycle.ModelLifecycle;
import io.mercator.service.ops.OpsSampler;
import io.mercator.fraud.loop.FraudLoop;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import io.mercator.release.Releases;

import java.time.Clock;
import java.util.Optional;

import static io.mercator.service.admin.AdminWork.blocking;
import static io.mercator.service.admin.AdminWork.ok;
import static io.mercator.service.admin.AdminWork.reason;

/**
 * The admin API, mounted under {@code /admin}, behind admin keys with roles ({@link AdminAccess}):
 * viewer reads, moderator decides and overrides, admin runs the models and the canary. Every
 * changing action is audited ({@link Audit}) under the key's label.
 * <ul>
 *   <li>{@code GET /admin/models}: every version with stage, card and NDCG figures;</li>
 *   <li>{@code GET /admin/models/history}: every stage change with time, actor and reason;</li>
 *   <li>{@code POST /admin/models/{version}/promote}: staging to production (409 if it is not staging);</li>
 *   <li>{@code POST /admin/models/rollback}: the previous production back (409 if there is none);</li>
 *   <li>{@code POST /admin/models/retrain}: train a candidate now and register it through the gate;</li>
 *   <li>{@code GET /admin/canary}: canary and production traffic, CTR, CVR and the z-test verdict;</li>
 *   <li>{@code POST /admin/canary/check}: run the canary monitor now (rolls back if significantly worse);</li>
 *   <li>{@code POST /admin/canary/abort}: withdraw the canary (staging archived);</li>
 *   <li>{@code GET /admin/releases}, {@code GET /admin/releases/{kind}}: each model kind's release (mode,
 *       champion, candidate, live version, shadow comparison);</li>
 *   <li>{@code POST /admin/releases/{kind}/shadow} and {@code .../blue-green} with {@code {"version": "..."}},
 *       {@code .../switch}, {@code .../switch-back}, {@code .../end}: the release's transitions, each an
 *       event ({@code model.release}); 409 out of turn, 404 for an unknown kind or version, 503 when the
 *       log cannot record it (then it did not happen);</li>
 *   <li>{@code GET /admin/keys}: the keys' labels and roles (never a key);</li>
 *   <li>{@code GET /admin/preview}: a buyer's feed or search as {@code /feed?explain=true} answers it,
 *       without writing impressions;</li>
 *   <li>{@code GET /admin/ops?since=}: the operations samples ({@link OpsSampler});</li>
 *   <li>the moderation queue, overrides and audit trail ({@link ModerationApi}).</li>
 * </ul>
 * Changing routes take an optional JSON body {@code {"reason": "..."}} recorded on the history.
 * Registry work blocks on files and LightGBM, so it runs on a worker.
 */
public final class AdminApi {

    private final ModelLifecycle lifecycle;
    private final LearningLoopMetrics metrics;
    private final EventLog log;
    private final KeyRing<Role> keys;
    private final ModerationApi moderation;
    private final OpsSampler ops;
    private final Clock clock;
    private final FraudLoop fraud;
    private final Releases releases;

    /**
     * @param keys the admin keys (kept as digests); none: every admin route answers 403, the API is off
     */
    public AdminApi(ModelLifecycle lifecycle, LearningLoopMetrics metrics, EventLog log, KeyRing<Role> keys,
                    ModerationQueue queue, ActiveOverrides overrides, AuditTrail trail, CatalogView catalog,
                    OpsSampler ops, Clock clock, FraudLoop fraud, Releases releases) {
        this.fraud = fraud;
        this.releases = releases;
        this.ops = ops;
        this.lifecycle = lifecycle;
        this.metrics = metrics;
        this.log = log;
        this.keys = keys;
        this.clock = clock;
        this.moderation = new ModerationApi(queue, overrides, trail, catalog, log, clock, fraud::labelValue);
    }

    /**
     * The routes, to mount with {@code router.route("/admin/*").subRouter(...)}.
     *
     * @param preview {@code GET /admin/preview}: a buyer's feed or search without side effects
     */
    public Router router(Vertx vertx, Handler<RoutingContext> preview) {
        AdminAccess access = new AdminAccess(keys);
        Audit audit = new Audit(log, clock);
        Router r = Router.router(vertx);
        r.route().handler(access.authenticate());
        r.route().handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
        r.get("/models").handler(access.require(Role.VIEWER)).handler(ctx -> blocking(ctx, () -> {
            JsonArray models = new JsonArray();
            lifecycle.registry().list().forEach(m -> models.add(AdminJson.model(m)));
            return ok(new JsonObject().put("models", models));
        }));
        r.get("/fraud").handler(access.require(Role.VIEWER)).handler(ctx -> blocking(ctx, () ->
                ok(AdminJson.fraud(fraud.status(), fraud.versions().stream().map(v -> fraud.card(v).orElse(null))
                        .filter(java.util.Objects::nonNull).toList()))));
        r.get("/models/history").handler(access.require(Role.VIEWER)).handler(ctx -> blocking(ctx, () -> {
            JsonArray history = new JsonArray();
            lifecycle.registry().history().forEach(t -> history.add(AdminJson.transition(t)));
            return ok(new JsonObject().put("history", history));
        }));
        r.post("/models/rollback").handler(audit.of("model.rollback", ctx -> "production"))
                .handler(access.require(Role.ADMIN)).handler(ctx -> blocking(ctx, () ->
                        ok(new JsonObject().put("production", AdminJson.model(
                                lifecycle.rollback(actor(ctx), reason(ctx, "rolled back through the admin API")))))));
        r.post("/models/retrain").handler(audit.of("model.retrain", ctx -> "candidate"))
                .handler(access.require(Role.ADMIN)).handler(ctx -> blocking(ctx, () -> {
                    Optional<CandidateTraining.Outcome> o = lifecycle.retrain(log, actor(ctx),
                            reason(ctx, "training asked for through the admin API"));
                    if (o.isEmpty()) {
                        return new AdminWork.Answer(409, new JsonObject().put("error", "a training run is already in progress"));
                    }
                    return ok(new JsonObject().put("model", AdminJson.model(o.get().registered()))
                            .put("gate", o.get().decision().reason()));
                }));
        r.post("/models/:version/promote").handler(audit.of("model.promote", ctx -> ctx.pathParam("version")))
                .handler(access.require(Role.ADMIN)).handler(ctx -> blocking(ctx, () -> {
                    RegisteredModel m = lifecycle.promote(ctx.pathParam("version"), actor(ctx),
                            reason(ctx, "promoted through the admin API"));
                    return ok(new JsonObject().put("production", AdminJson.model(m)));
                }));
        r.get("/canary").handler(access.require(Role.VIEWER)).handler(ctx -> blocking(ctx, () -> {
            metrics.refresh();
            return ok(AdminJson.canary(lifecycle.canaryStatus()));
        }));
        r.post("/canary/check").handler(audit.of("canary.check", ctx -> "canary"))
                .handler(access.require(Role.ADMIN)).handler(ctx -> blocking(ctx, () -> {
                    metrics.refresh();
                    return ok(AdminJson.canary(lifecycle.checkCanary()));
                }));
        r.post("/canary/abort").handler(audit.of("canary.abort", ctx -> "canary"))
                .handler(access.require(Role.ADMIN)).handler(ctx -> blocking(ctx, () ->
                        ok(new JsonObject().put("archived", AdminJson.model(
                                lifecycle.abortCanary(actor(ctx), reason(ctx, "canary stopped through the admin API")))))));
        ReleaseRoutes.mountOnService(r, releases, access, audit);
        r.get("/keys").handler(access.require(Role.ADMIN)).handler(ctx -> {
            JsonArray out = new JsonArray();
            keys.holders().forEach(h -> out.add(new JsonObject().put("label", h.label()).put("role", h.grant().wireName())));
            ctx.response().putHeader("content-type", "application/json; charset=utf-8")
                    .end(new JsonObject().put("keys", out).encode());
        });
        r.get("/preview").handler(access.require(Role.VIEWER)).handler(preview);
        r.get("/ops").handler(access.require(Role.VIEWER)).handler(ctx -> {
            long since;
            try {
                String raw = ctx.queryParams().get("since");
                since = raw == null ? 0 : Long.parseLong(raw);
            } catch (NumberFormatException e) {
                AdminAccess.refuse(ctx, 400, "since must be epoch milliseconds");
                return;
            }
            ctx.response().putHeader("content-type", "application/json; charset=utf-8")
                    .end(ops.since(since).encode());
        });
        moderation.mount(r, access, audit);
        return r;
    }

    private static String actor(RoutingContext ctx) {
        return AdminAccess.holder(ctx).label();
    }
}
