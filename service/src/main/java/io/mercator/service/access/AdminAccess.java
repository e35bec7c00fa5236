package io.mercator.service.access;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Guards the admin routes. {@link #authenticate()}: {@code Authorization: Bearer <key>}; no or a
 * malformed header is 401 (with {@code WWW-Authenticate: Bearer}), a key nobody holds is 403, and
 * with no admin key configured at all every admin route answers 403 saying the admin API is off
 * (not 503: nothing is down). {@link #require(Role)}: the key's role must allow the route, else 403
 * naming the role needed and the key's label and role (never the key).
 */
public final class AdminAccess {

    /** Where the authenticated key's holder is kept on the routing context. */
    public static final String HOLDER = "mercator.admin.holder";
    private static final String BEARER = "Bearer ";

    private final KeyRing<Role> keys;

    public AdminAccess(KeyRing<Role> keys) {
        this.keys = keys;
    }

    public Handler<RoutingContext> authenticate() {
        return ctx -> {
            if (keys.isEmpty()) {
                refuse(ctx, 403, "the admin API is off: no admin key is configured (admin.apiKey, admin.keysFile)");
                return;
            }
            String header = ctx.request().getHeader("Authorization");
            if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                    || header.length() == BEARER.length()) {
                ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"mercator-admin\"");
                refuse(ctx, 401, "admin API: send Authorization: Bearer <key>");
                return;
            }
            var holder = keys.holderOf(header.substring(BEARER.length()).strip());
            if (holder.isEmpty()) {
                refuse(ctx, 403, "admin API: the key is not valid");
                return;
            }
            ctx.put(HOLDER, holder.get());
            ctx.next();
        };
    }

    public Handler<RoutingContext> require(Role needed) {
        return ctx -> {
            KeyRing.Holder<Role> h = holder(ctx);
            if (!h.grant().allows(needed)) {
                refuse(ctx, 403, "admin API: this needs role " + needed.wireName() + "; key '" + h.label()
                        + "' has role " + h.grant().wireName());
                return;
            }
            ctx.next();
        };
    }

    /** The holder {@link #authenticate()} put on the context. */
    public static KeyRing.Holder<Role> holder(RoutingContext ctx) {
        return ctx.get(HOLDER);
    }

    /** An error answer, {"error": message}, as every route gives one. */
    public static void refuse(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
                .end(new JsonObject().put("error", message).encode());
    }
}
