package io.mercator.service.admin;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Guards the admin routes: {@code Authorization: Bearer <key>} with the configured key. No or a
 * malformed header: 401 (with {@code WWW-Authenticate: Bearer}); a wrong key: 403; no key
 * configured: 503, the admin API is off. Keys are compared in constant time over their SHA-256
 * digests (equal length whatever was sent), so timing tells an attacker nothing. The key is never
 * logged or echoed.
 */
final class ApiKeyAuth implements Handler<RoutingContext> {

    private static final String BEARER = "Bearer ";

    private final byte[] expectedDigest;

    /** @param apiKey the configured key; null or empty turns the admin API off */
    ApiKeyAuth(String apiKey) {
        this.expectedDigest = apiKey == null || apiKey.isEmpty() ? null : sha256(apiKey);
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (expectedDigest == null) {
            refuse(ctx, 503, "the admin API is off: no admin.apiKey is configured (MERCATOR_ADMIN_API_KEY)");
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || header.length() == BEARER.length()) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"mercator-admin\"");
            refuse(ctx, 401, "admin API: send Authorization: Bearer <key>");
            return;
        }
        byte[] given = sha256(header.substring(BEARER.length()).strip());
        if (!MessageDigest.isEqual(given, expectedDigest)) {
            refuse(ctx, 403, "admin API: the key is not valid");
            return;
        }
        ctx.next();
    }

    private static void refuse(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
                .end(new JsonObject().put("error", message).encode());
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
