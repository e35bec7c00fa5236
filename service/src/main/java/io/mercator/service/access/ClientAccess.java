package io.mercator.service.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;

/**
 * Guards the public endpoints: a client key when any is configured ({@code X-Api-Key}, or
 * {@code Authorization: Bearer}), and rate limits per key and per client address, each a
 * resilience4j {@link RateLimiter} of N calls per second that never waits: past the limit the
 * answer is 429 with {@code Retry-After}. Limiters per address live in a bounded cache, so a flood
 * of addresses cannot grow memory without end.
 */
public final class ClientAccess implements Handler<RoutingContext> {

    /** Addresses whose limiters are kept at once; the least recently seen go first. */
    static final int MAX_TRACKED_ADDRESSES = 100_000;
    private static final String BEARER = "Bearer ";

    private final KeyRing<String> keys;
    private final RateLimiterConfig perKey;
    private final RateLimiterConfig perAddress;
    private final Cache<String, RateLimiter> limiters = Caffeine.newBuilder()
            .maximumSize(MAX_TRACKED_ADDRESSES).expireAfterAccess(Duration.ofMinutes(10)).build();

    /**
     * @param perKeyPerSecond     calls a key may make per second; 0 for no limit
     * @param perAddressPerSecond calls one client address may make per second; 0 for no limit
     */
    public ClientAccess(KeyRing<String> keys, int perKeyPerSecond, int perAddressPerSecond) {
        this.keys = keys;
        this.perKey = config(perKeyPerSecond);
        this.perAddress = config(perAddressPerSecond);
    }

    private static RateLimiterConfig config(int perSecond) {
        return perSecond <= 0 ? null : RateLimiterConfig.custom().limitForPeriod(perSecond)
                .limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ZERO).build();
    }

    @Override
    public void handle(RoutingContext ctx) {
        String label = null;
        if (!keys.isEmpty()) {
            String presented = presentedKey(ctx);
            if (presented == null) {
                ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"mercator\"");
                AdminAccess.refuse(ctx, 401, "this endpoint needs a client key: send X-Api-Key: <key>");
                return;
            }
            var holder = keys.holderOf(presented);
            if (holder.isEmpty()) {
                AdminAccess.refuse(ctx, 403, "the client key is not valid");
                return;
            }
            label = holder.get().label();
        }
        if (label != null && perKey != null && !limiter("key:" + label, perKey).acquirePermission()) {
            tooMany(ctx, "client key '" + label + "'");
            return;
        }
        String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
        if (perAddress != null && !limiter("address:" + address, perAddress).acquirePermission()) {
            tooMany(ctx, "this client address");
            return;
        }
        ctx.next();
    }

    private RateLimiter limiter(String name, RateLimiterConfig config) {
        return limiters.get(name, n -> RateLimiter.of(n, config));
    }

    private static void tooMany(RoutingContext ctx, String who) {
        // the limiter refreshes every second: the earliest useful retry
        ctx.response().putHeader("Retry-After", "1");
        AdminAccess.refuse(ctx, 429, "rate limit reached for " + who + "; retry after 1 s");
    }

    private static String presentedKey(RoutingContext ctx) {
        String key = ctx.request().getHeader("X-Api-Key");
        if (key != null && !key.isBlank()) {
            return key.strip();
        }
        String auth = ctx.request().getHeader("Authorization");
        if (auth != null && auth.regionMatches(true, 0, BEARER, 0, BEARER.length()) && auth.length() > BEARER.length()) {
            return auth.substring(BEARER.length()).strip();
        }
        return null;
    }

    /** Whether anything is checked at all (no keys and no limits: the handler is left out). */
    public boolean checksAnything() {
        return !keys.isEmpty() || perKey != null || perAddress != null;
    }
}
