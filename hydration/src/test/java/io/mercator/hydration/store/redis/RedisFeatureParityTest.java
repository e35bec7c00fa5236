package io.mercator.hydration.store.redis;

import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.AdminPayload;
import io.mercator.events.payload.BoostPayload;
import io.mercator.events.payload.ListingPayload;
import io.mercator.events.payload.ModerationPayload;
import io.mercator.events.payload.SellerPayload;
import io.mercator.events.payload.UserPayload;
import io.mercator.hydration.features.FeatureProjection;
import io.mercator.hydration.features.FeatureReader;
import io.mercator.hydration.features.MarketLog;
import io.mercator.hydration.store.InProcessOnlineStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.mercator.hydration.features.MarketLog.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The features projection and reader give the same rows and the same features over Redis as over
 * the in-process store, for one event sequence applied in the same batches to both.
 */
class RedisFeatureParityTest {

    private static final long MIN = 60_000L, HOUR = 3_600_000L, DAY = 86_400_000L;

    private static RedisServerProcess server;
    private static Vertx vertx;

    @BeforeAll
    static void startServer() {
        server = RedisServerProcess.start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopServer() {
        vertx.close().await();
        server.close();
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("call failed", e);
        }
    }

    /** A day and a half of a small market: every event kind the projection turns into features. */
    private static List<LogRecord> events() {
        MarketLog m = new MarketLog();
        for (int s = 0; s < 4; s++) {
            m.add("S" + s, T0, new SellerPayload.Registered("Bangkok"));
        }
        m.add("S1", T0 + 1, new SellerPayload.Verified("ekyc"));
        for (int i = 0; i < 40; i++) {
            m.add("L" + i, T0 + i, listing("S" + (i % 4), i % 3 == 0 ? "cameras" : i % 3 == 1 ? "audio" : "books",
                    500 + i * 37.5, i % 5, i % 2 == 0 ? "Bangkok" : "Chiang Mai"));
        }
        for (int u = 0; u < 12; u++) {
            m.add("U" + u, T0 + 100, new UserPayload.Profile(u % 2 == 0 ? "25-34" : "35-44", u % 2 == 0 ? "f" : "m",
                    13.7 + u * 0.01, 100.5, 10 + u));
        }
        m.add("L3", T0 + 200, new BoostPayload.CampaignStarted("c3", 100, 2, T0 + 3 * HOUR));
        m.add("L7", T0 + 200, new BoostPayload.CampaignStarted("c7", 10, 2, T0 + 30 * HOUR));
        m.add("L9", T0 + 300, admin(AdminPayload.Action.FORCE_BOOST_LISTING));
        m.add("S2", T0 + 300, admin(AdminPayload.Action.BAN_SELLER));
        for (int i = 0; i < 1_500; i++) {
            long ts = T0 + 1_000 + i * 45_000L;
            String user = "U" + (i % 12);
            String listing = "L" + (i * 7 % 40);
            m.add(user, ts, i % 4 == 0 ? searchImpression(listing, "ค้นหา " + i % 9) : feedImpression(listing));
            if (i % 3 == 0) {
                m.add(user, ts + 1, click(listing));
            }
            if (i % 11 == 0) {
                m.add(user, ts + 2, cart(listing));
            }
            if (i % 29 == 0) {
                m.add(user, ts + 3, order(listing, 99.75 + i));
            }
            if (i % 97 == 0) {
                m.add("L7", ts + 4, new BoostPayload.Spend("c7", 3));
                m.add("S" + (i % 4), ts + 5, new SellerPayload.Reported("slow", listing));
            }
            if (i == 700) {
                m.add("L11", ts, new ListingPayload.Updated(1_234.5, 0, "ใหม่", null, null));
                m.add("L12", ts, new ListingPayload.Removed("sold"));
                m.add("L13", ts, new ModerationPayload.Decided("remove"));
                m.add("S2", ts, lift(AdminPayload.Action.BAN_SELLER));
            }
        }
        return m.records();
    }

    @Test
    void sameRowsAndSameFeaturesAsTheInProcessStore() {
        InProcessOnlineStore local = new InProcessOnlineStore(Clock.systemUTC());
        RedisOnlineStore redis = new RedisOnlineStore(vertx,
                RedisOnlineStore.Options.of(server.connectionString()).withCommandTimeout(Duration.ofSeconds(10)));
        try (RedisAdmin admin = new RedisAdmin(vertx, server)) {
            admin.flushAll();
            FeatureProjection onLocal = new FeatureProjection(local);
            FeatureProjection onRedis = new FeatureProjection(redis);
            List<LogRecord> log = events();
            for (int i = 0; i < log.size(); i += 53) {
                List<LogRecord> batch = log.subList(i, Math.min(log.size(), i + 53));
                await(onLocal.apply(batch));
                await(onRedis.apply(batch));
            }

            // the stored rows: same keys, same fields, same strings
            Map<String, Object> expected = local.contents();
            assertThat(expected).hasSizeGreaterThan(50);
            assertThat(new TreeSet<>(admin.keys())).isEqualTo(expected.keySet());
            List<String> keys = new ArrayList<>(expected.keySet());
            List<Map<String, String>> rows = await(redis.readHashes(keys));
            for (int k = 0; k < keys.size(); k++) {
                assertThat(rows.get(k)).as(keys.get(k)).isEqualTo(expected.get(keys.get(k)));
            }

            // the features read from them, at several moments
            FeatureReader fromLocal = new FeatureReader(local);
            FeatureReader fromRedis = new FeatureReader(redis);
            List<String> listings = IntStream.range(0, 45).mapToObj(i -> "L" + i).toList();
            long end = onLocal.watermark();
            for (long now : new long[] {T0 + 2 * HOUR, end - 30 * MIN, end, end + 2 * MIN, end + DAY}) {
                assertThat(await(fromRedis.products(listings, now))).isEqualTo(await(fromLocal.products(listings, now)));
                for (int u = 0; u < 13; u++) {
                    assertThat(await(fromRedis.user("U" + u, now))).isEqualTo(await(fromLocal.user("U" + u, now)));
                }
            }
            List<String> slugs = List.of("cameras", "audio", "books", "shoes");
            assertThat(await(fromRedis.averageCategoryPrices(slugs))).isEqualTo(await(fromLocal.averageCategoryPrices(slugs)));
            // the sequence exercised windowed counters: something is counted in the last hour
            assertThat(await(fromRedis.products(listings, end))).anyMatch(p -> p.viewsLastHour() > 0 && p.clicksLastHour() > 0);
        } finally {
            redis.close();
            local.close();
        }
    }
}
