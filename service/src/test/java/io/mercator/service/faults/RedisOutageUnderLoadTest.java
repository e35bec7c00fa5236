package io.mercator.service.faults;

import io.mercator.hydration.store.redis.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis killed while /feed is under load: the feed keeps answering 200, naming hydration (and the
 * other readers of the store) as degraded, the hydration breaker opens; once Redis is back the
 * breaker closes again by itself (half-open probes) and responses are whole again.
 */
class RedisOutageUnderLoadTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldServeDegradedFeedsWhileRedisIsDownAndRecoverByItself() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
             TestService app = TestService.startReady(dataDir, Map.of("MERCATOR_STORE_BACKEND", "redis",
                     "MERCATOR_STORE_REDIS_URL", redis.connectionString(), "MERCATOR_STORE_REDIS_TIMEOUT_MS", "200"));
             FeedLoad load = new FeedLoad(app.port(), 4,
                     n -> "/feed?user_id=user-%06d&lat=13.75&lon=100.5&limit=20".formatted(n % 60 + 1))) {

            TestService.eventually(Duration.ofSeconds(30), () -> load.since(0).stream()
                    .filter(a -> a.status() == 200 && !a.degraded().contains("hydration")).count() >= 20);
            // a busy machine may open it briefly while the JVM warms up: it must settle closed
            TestService.eventually(Duration.ofSeconds(30), () -> "closed".equals(app.breakerState("hydration")));

            redis.stop();
            int down = load.mark();
            TestService.eventually(Duration.ofSeconds(30), () -> "open".equals(app.breakerState("hydration")));
            TestService.eventually(Duration.ofSeconds(30), () -> load.since(down).stream()
                    .filter(a -> a.degraded().contains("hydration")).count() >= 20);
            List<FeedLoad.Answer> duringOutage = load.since(down);
            assertThat(duringOutage).filteredOn(a -> a.degraded().contains("hydration"))
                    .allSatisfy(a -> assertThat(a.status()).isEqualTo(200))
                    // the buyer's taste (vector recall) does not need Redis: the feed is not empty
                    .anySatisfy(a -> assertThat(a.items()).isPositive());

            redis.restart();
            TestService.eventually(Duration.ofSeconds(45), () -> "closed".equals(app.breakerState("hydration")));
            int back = load.mark();
            TestService.eventually(Duration.ofSeconds(30), () -> load.since(back).stream()
                    .filter(a -> a.status() == 200 && !a.degraded().contains("hydration")).count() >= 20);

            load.close();
            List<FeedLoad.Answer> all = load.since(0);
            assertThat(all).hasSizeGreaterThan(60);
            assertThat(all).allSatisfy(a -> assertThat(a.status()).as("every /feed answer").isEqualTo(200));
        }
    }
}
