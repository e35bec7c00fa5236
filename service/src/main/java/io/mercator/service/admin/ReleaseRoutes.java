package io.mercator.service.admin;

import io.mercator.release.ModelRelease;
import io.mercator.release.ReleaseJson;
import io.mercator.release.ReleaseUnavailable;
import io.mercator.release.Releases;
import io.mercator.service.access.AdminAccess;
import io.mercator.service.access.KeyRing;
import io.mercator.service.access.Role;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static io.mercator.service.admin.AdminWork.blocking;
import static io.mercator.service.admin.AdminWork.ok;
import static io.mercator.service.admin.AdminWork.reason;

/**
 * The release routes, on the service's admin API and on a text or image deployment that runs its
 * model's releases itself:
 * <ul>
 *   <li>{@code GET /releases}, {@code GET /releases/{kind}}: each kind's release (viewer); in the
 *       list, a kind whose deployment cannot be reached is named with the reason instead;</li>
 *   <li>{@code POST /releases/{kind}/shadow} and {@code .../blue-green} with {@code {"version"}},
 *       {@code .../switch}, {@code .../switch-back}, {@code .../end} (admin).</li>
 * </ul>
 * On the service, a changing request is audited and its actor is the key's label. On a deployment
 * ({@link #deploymentRouter}), the caller is the service, which audited the request already and
 * names the person in {@code on_behalf_of}; the actor recorded is {@code "<person> via <key label>"}.
 */
public final class ReleaseRoutes {

    private static final List<String> STEPS = List.of("shadow", "blue-green", "switch", "switch-back", "end");

    private final Releases releases;
    private final Function<RoutingContext, String> actor;

    private ReleaseRoutes(Releases releases, Function<RoutingContext, String> actor) {
        this.releases = releases;
        this.actor = actor;
    }

    /** On the service's admin router: audited, the actor is the key's label. */
    static void mountOnService(Router r, Releases releases, AdminAccess access, Audit audit) {
        new ReleaseRoutes(releases, ctx -> AdminAccess.holder(ctx).label()).mount(r, access, audit);
    }

    /**
     * The {@code /admin} router of a text or image deployment: its releases behind the admin keys
     * it shares with the service. With {@code releases} empty, every route answers 503 with
     * {@code unavailable} (a deployment that cannot write release events, having no event log).
     */
    public static Router deploymentRouter(Vertx vertx, KeyRing<Role> keys, Optional<Releases> releases, String unavailable) {
        AdminAccess access = new AdminAccess(keys);
        Router r = Router.router(vertx);
        r.route().handler(access.authenticate());
        r.route().handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
        if (releases.isEmpty()) {
            r.route("/releases*").handler(ctx -> {
                ctx.response().putHeader("Retry-After", "30");
                AdminAccess.refuse(ctx, 503, unavailable);
            });
            return r;
        }
        new ReleaseRoutes(releases.get(), ReleaseRoutes::onBehalfOf).mount(r, access, null);
        return r;
    }

    private void mount(Router r, AdminAccess access, Audit audit) {
        r.get("/releases").handler(access.require(Role.VIEWER)).handler(ctx -> blocking(ctx, () -> {
            JsonArray out = new JsonArray();
            for (ModelRelease rel : releases.all()) {
                try {
                    out.add(ReleaseJson.toJson(rel.status()));
                } catch (ReleaseUnavailable e) {
                    out.add(new JsonObject().put("kind", rel.kind()).put("error", e.getMessage()));
                }
            }
            return ok(new JsonObject().put("releases", out));
        }));
        r.get("/releases/:kind").handler(access.require(Role.VIEWER)).handler(ctx -> blocking(ctx, () ->
                release(ctx).map(rel -> ok(ReleaseJson.toJson(rel.status()))).orElseGet(() -> unknownKind(ctx))));
        for (String step : STEPS) {
            var route = r.post("/releases/:kind/" + step);
            if (audit != null) {
                route.handler(audit.of("release." + step, ctx -> ctx.pathParam("kind")));
            }
            route.handler(access.require(Role.ADMIN)).handler(change(step));
        }
    }

    private Handler<RoutingContext> change(String step) {
        return ctx -> blocking(ctx, () -> {
            Optional<ModelRelease> rel = release(ctx);
            if (rel.isEmpty()) {
                return unknownKind(ctx);
            }
            String who = actor.apply(ctx);
            String why = reason(ctx, step + " through the admin API");
            ModelRelease.Status s = switch (step) {
                case "shadow" -> rel.get().startShadow(version(ctx), who, why);
                case "blue-green" -> rel.get().startBlueGreen(version(ctx), who, why);
                case "switch" -> rel.get().switchOver(who, why);
                case "switch-back" -> rel.get().switchBack(who, why);
                default -> rel.get().end(who, why);
            };
            return ok(ReleaseJson.toJson(s));
        });
    }

    private Optional<ModelRelease> release(RoutingContext ctx) {
        return releases.of(ctx.pathParam("kind"));
    }

    private AdminWork.Answer unknownKind(RoutingContext ctx) {
        return new AdminWork.Answer(404, new JsonObject().put("error", "no release control for model kind '"
                + ctx.pathParam("kind") + "'; kinds: " + releases.kinds()));
    }

    /** The candidate version named in the body: {@code {"version": "..."}}. */
    private static String version(RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException notJson) {
            throw new IllegalArgumentException("the body must be JSON: {\"version\": \"...\", \"reason\": \"...\"}");
        }
        String v = body == null ? null : body.getValue("version") instanceof String s ? s : null;
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("name the candidate: {\"version\": \"...\"}");
        }
        return v;
    }

    /** On a deployment: the person the service names, and the service's key. */
    private static String onBehalfOf(RoutingContext ctx) {
        String key = AdminAccess.holder(ctx).label();
        try {
            JsonObject body = ctx.body().asJsonObject();
            String person = body == null ? null : body.getValue("on_behalf_of") instanceof String s ? s : null;
            return person == null || person.isBlank() ? key : person + " via " + key;
        } catch (RuntimeException notJson) {
            return key;
        }
    }
}
