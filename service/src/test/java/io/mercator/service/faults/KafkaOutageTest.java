package io.mercator.service.faults;

import io.mercator.events.log.EventLog;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.events.log.kafka.KafkaBroker;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka down while /feed is under load and clients post events: POST /events answers 503 with
 * Retry-After, the feed keeps answering 200, and every event acknowledged before or after the
 * outage is in the log afterwards.
 */
class KafkaOutageTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldRefuseEventsWith503AndLoseNoAcknowledgedEvent() throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        Set<String> acknowledged = new HashSet<>();
        try (TestService app = TestService.startReady(dataDir, Map.of("MERCATOR_LOG_BACKEND", "kafka",
                "MERCATOR_LOG_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "MERCATOR_LOG_KAFKA_TOPIC_PREFIX", "faults-" + UUID.randomUUID().toString().substring(0, 8),
                "MERCATOR_LOG_KAFKA_PARTITIONS", "2", "MERCATOR_LOG_KAFKA_REPLICATION_FACTOR", "1",
                "MERCATOR_LOG_KAFKA_APPEND_TIMEOUT_MS", "3000"));
             FeedLoad load = new FeedLoad(app.port(), 3,
                     n -> "/feed?user_id=user-%06d&lat=13.75&lon=100.5&limit=20".formatted(n % 60 + 1))) {

            String listing = aLiveListing(app);
            for (int i = 0; i < 3; i++) {
                JsonArray batch = clicks(5, listing);
                assertThat(app.post("/events", batch.encode()).statusCode()).isEqualTo(202);
                acknowledged.addAll(ids(batch));
            }

            kafka.stop();
            try {
                for (int i = 0; i < 2; i++) {
                    HttpResponse<String> refused = app.post("/events", clicks(5, listing).encode());
                    assertThat(refused.statusCode()).isEqualTo(503);
                    assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                            v -> assertThat(Integer.parseInt(v)).isPositive());
                }
            } finally {
                kafka.restart();
            }

            // a client retries as Retry-After asks; the same batch, until the log takes it
            JsonArray retried = clicks(5, listing);
            TestService.eventually(Duration.ofSeconds(45), () -> app.post("/events", retried.encode()).statusCode() == 202);
            acknowledged.addAll(ids(retried));
            JsonArray after = clicks(5, listing);
            assertThat(app.post("/events", after.encode()).statusCode()).isEqualTo(202);
            acknowledged.addAll(ids(after));

            load.close();
            assertThat(load.since(0)).hasSizeGreaterThan(10)
                    .allSatisfy(a -> assertThat(a.status()).as("every /feed answer").isEqualTo(200));
            assertThat(idsInLog(app.mercator.log())).containsAll(acknowledged);
        }
    }

    private static String aLiveListing(TestService app) {
        List<String> ids = new ArrayList<>();
        app.mercator.catalog().forEachLive(l -> ids.add(l.id()));
        assertThat(ids).isNotEmpty();
        return ids.get(0);
    }

    private static JsonArray clicks(int n, String listingId) {
        JsonArray batch = new JsonArray();
        for (int i = 0; i < n; i++) {
            batch.add(new JsonObject().put("id", "kf-" + UUID.randomUUID()).put("type", "interaction.click").put("v", 1)
                    .put("ts", System.currentTimeMillis() - 1000).put("key", "user-000001")
                    .put("data", new JsonObject().put("requestId", "r-kafka").put("listingId", listingId)));
        }
        return batch;
    }

    private static List<String> ids(JsonArray batch) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            ids.add(batch.getJsonObject(i).getString("id"));
        }
        return ids;
    }

    /** Every event id in the log, read from offset 0 of each partition to its end. */
    private static Set<String> idsInLog(EventLog log) throws Exception {
        Set<String> ids = new HashSet<>();
        for (LogPartition p : await(log.partitions())) {
            long end = await(log.endOffset(p));
            long next = 0;
            while (next < end) {
                List<LogRecord> records = await(log.read(p, next, 4096, Duration.ofMillis(100)));
                assertThat(records).as("records before the end of " + p).isNotEmpty();
                for (LogRecord r : records) {
                    ids.add(r.event().id());
                }
                next = records.get(records.size() - 1).offset() + 1;
            }
        }
        return ids;
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
