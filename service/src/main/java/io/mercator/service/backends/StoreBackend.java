package io.mercator.service.backends;

import io.mercator.events.projection.CheckpointedProjection;
import io.mercator.events.projection.Projection;
import io.mercator.hydration.store.InProcessOnlineStore;
import io.mercator.hydration.store.OnlineStore;
import io.mercator.hydration.store.StagingStore;
import io.mercator.hydration.store.redis.RedisCheckpoints;
import io.mercator.hydration.store.redis.RedisOnlineStore;
import io.mercator.service.config.MercatorConfig;
import io.vertx.core.Vertx;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

/**
 * The online store the configuration names, and how projections that write to it are built: the
 * in-process store dies with the process, so its projections simply replay; Redis outlives it, so
 * its projections commit checkpoints with their writes ({@link CheckpointedProjection}).
 */
public sealed interface StoreBackend extends AutoCloseable {

    /** The store the request path reads. */
    OnlineStore store();

    /**
     * Where projections whose writes are idempotent (whole lists, absolute values) write: they may
     * simply replay after a restart.
     */
    OnlineStore idempotentWrites();

    /** A projection writing to this store, built so that a restart does not apply its writes twice. */
    Projection writingProjection(Function<OnlineStore, Projection> factory);

    @Override
    void close();

    static StoreBackend open(Vertx vertx, MercatorConfig.Store config) {
        return switch (config.backend()) {
            case IN_PROCESS -> new InProcess(new InProcessOnlineStore(Clock.systemUTC()));
            case REDIS -> Redis.open(vertx, config.redis());
        };
    }

    /** The embedded default. */
    record InProcess(InProcessOnlineStore store) implements StoreBackend {

        @Override
        public OnlineStore idempotentWrites() {
            return store;
        }

        @Override
        public Projection writingProjection(Function<OnlineStore, Projection> factory) {
            return factory.apply(store);
        }

        @Override
        public void close() {
            store.close();
        }
    }

    /**
     * Redis, through two pools: one for the request path with the configured (short) timeout, one for
     * projection commits, whose transactions carry thousands of commands and must not be cut by a
     * budget meant for a feature read.
     */
    record Redis(RedisOnlineStore store, RedisOnlineStore projections) implements StoreBackend {

        /** Bound on one projection commit. */
        static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
        static final int COMMIT_POOL = 4;

        static Redis open(Vertx vertx, MercatorConfig.Redis c) {
            String connection = withPassword(c.url(), c.password());
            RedisOnlineStore.Options serving = RedisOnlineStore.Options.of(connection).withPoolSize(c.poolSize())
                    .withCommandTimeout(Duration.ofMillis(c.timeoutMs()));
            RedisOnlineStore.Options commits = RedisOnlineStore.Options.of(connection).withPoolSize(COMMIT_POOL)
                    .withCommandTimeout(COMMIT_TIMEOUT);
            return new Redis(new RedisOnlineStore(vertx, serving), new RedisOnlineStore(vertx, commits));
        }

        /** The password comes from configuration (an environment variable) and travels only in the connection string. */
        static String withPassword(String url, String password) {
            if (password == null || password.isEmpty()) {
                return url;
            }
            URI u = URI.create(url);
            if (u.getRawUserInfo() != null) {
                return url; // the URL already carries credentials; do not guess which to prefer
            }
            String encoded = URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20");
            return u.getScheme() + "://:" + encoded + "@" + u.getRawAuthority() + (u.getRawPath() == null ? "" : u.getRawPath());
        }

        @Override
        public OnlineStore idempotentWrites() {
            return projections;
        }

        @Override
        public Projection writingProjection(Function<OnlineStore, Projection> factory) {
            StagingStore staging = new StagingStore(store);
            return new CheckpointedProjection<>(factory.apply(staging), staging, new RedisCheckpoints(projections));
        }

        @Override
        public void close() {
            store.close();
            projections.close();
        }

        @Override
        public String toString() {
            return "Redis[" + store.options() + "]";
        }
    }
}
