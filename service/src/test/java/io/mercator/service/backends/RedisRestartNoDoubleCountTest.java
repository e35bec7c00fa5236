package io.mercator.service.backends;

import io.mercator.events.log.LogPartition;
import io.mercator.hydration.store.redis.RedisServerProcess;
import io.mercator.service.faults.TestService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restart on the same Redis and the same log leaves every feature row as it was: the features
 * projection rebuilds its memory from the log but does not apply its increments to Redis again.
 */
class RedisRestartNoDoubleCountTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldKeepFeatureValuesUnchangedAcrossARestart() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            Map<String, String> settings = Map.of("MERCATOR_STORE_BACKEND", "redis",
                    "MERCATOR_STORE_REDIS_URL", redis.connectionString(),
                    // the test reads hundreds of rows at once through the serving pool
                    "MERCATOR_STORE_REDIS_TIMEOUT_MS", "5000");
            List<String> keys = new ArrayList<>();
            for (int u = 0; u < 60; u++) {
                keys.add("user:user-%06d".formatted(u + 1));
            }
            List<Map<String, String>> before;
            Map<String, String> checkpoint;
            try (TestService first = TestService.startReady(dataDir, settings)) {
                first.mercator.catalog().forEachLive(l -> keys.add("listing:" + l.id()));
                // fresh clicks land in the live one-hour window: increments (HINCRBYFLOAT) a replay would double
                String clicked = keys.get(60).substring("listing:".length());
                assertThat(first.post("/events", clicks(clicked, 10).encode()).statusCode()).isEqualTo(202);
                TestService.eventually(Duration.ofSeconds(30), () -> fieldsOf(first, "listing:" + clicked).stream()
                        .anyMatch(f -> f.startsWith("clicks@")));
                TestService.eventually(Duration.ofSeconds(30), () -> first.get("/health/ready").statusCode() == 200);
                TestService.awaitQuiet(first.mercator, Duration.ofSeconds(120));
                before = await(first.mercator.store().readHashes(keys));
                checkpoint = await(first.mercator.store().readHashes(List.of("checkpoint:features"))).get(0);
                long end = await(first.mercator.log().endOffset(new LogPartition("events", 0)));
                assertThat(checkpoint).containsEntry("events-0", Long.toString(end));
            }
            assertThat(before).anySatisfy(row -> assertThat(row.keySet()).anyMatch(f -> f.startsWith("clicks@")));
            assertThat(before).filteredOn(row -> !row.isEmpty()).hasSizeGreaterThan(100);

            try (TestService second = TestService.startReady(dataDir, settings)) {
                assertThat(await(second.mercator.store().readHashes(keys))).isEqualTo(before);
                assertThat(await(second.mercator.store().readHashes(List.of("checkpoint:features"))).get(0))
                        .isEqualTo(checkpoint);
            }
        }
    }

    private static JsonArray clicks(String listingId, int n) {
        JsonArray batch = new JsonArray();
        for (int i = 0; i < n; i++) {
            batch.add(new JsonObject().put("id", "restart-" + UUID.randomUUID()).put("type", "interaction.click")
                    .put("v", 1).put("ts", System.currentTimeMillis() - 1000).put("key", "user-000001")
                    .put("data", new JsonObject().put("requestId", "r-restart").put("listingId", listingId)));
        }
        return batch;
    }

    private static java.util.Set<String> fieldsOf(TestService app, String key) {
        try {
            return await(app.mercator.store().readHashes(List.of(key))).get(0).keySet();
        } catch (Exception e) {
            return java.util.Set.of();
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
