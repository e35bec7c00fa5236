package io.mercator.service.faults;

import io.mercator.events.log.LogPartition;
import io.mercator.events.log.kafka.KafkaBroker;
import io.mercator.events.log.kafka.KafkaEventLog;
import io.mercator.events.projection.ProjectionRunner;
import io.mercator.hydration.features.FeatureKeys;
import io.mercator.hydration.features.FeatureProjection;
import io.mercator.hydration.store.InProcessOnlineStore;
import io.mercator.hydration.store.redis.RedisOnlineStore;
import io.mercator.hydration.store.redis.RedisServerProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two service instances on one Kafka and one Redis, one consumer group for the projection that
 * writes the feature rows. The instance that joined first owns it; it is killed with SIGKILL while
 * clients post interactions to both. The other takes its partitions over from the checkpoints in
 * Redis, and afterwards every counter in Redis equals a single-instance replay of the log: nothing
 * lost, nothing counted twice, although some batches were posted twice (at-least-once clients) and
 * the owner died between writes.
 */
class FeatureTakeOverTest {

    private static final int LISTINGS = 40;
    private static final int USERS = 30;

    @TempDir
    Path dir;

    @Test
    void theStandbyTakesOverTheFeatureRowsExactlyWhenTheOwnerIsKilled() throws Exception {
        String prefix = "takeover-" + UUID.randomUUID().toString().substring(0, 8);
        Vertx vertx = Vertx.vertx();
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            Map<String, String> env = new LinkedHashMap<>(Map.of(
                    "MERCATOR_LOG_BACKEND", "kafka",
                    "MERCATOR_LOG_KAFKA_BOOTSTRAP_SERVERS", KafkaBroker.shared().bootstrapServers(),
                    "MERCATOR_LOG_KAFKA_TOPIC_PREFIX", prefix,
                    "MERCATOR_LOG_KAFKA_PARTITIONS", "4", "MERCATOR_LOG_KAFKA_REPLICATION_FACTOR", "1",
                    "MERCATOR_LOG_KAFKA_GROUP_SESSION_TIMEOUT_MS", "6000",
                    "MERCATOR_STORE_BACKEND", "redis", "MERCATOR_STORE_REDIS_URL", redis.connectionString(),
                    "MERCATOR_STORE_REDIS_TIMEOUT_MS", "5000"));
            env.put("MERCATOR_NLP_MODE", "off");
            env.put("MERCATOR_VISION_ENABLED", "false");
            env.put("MERCATOR_RETRAINING_ENABLED", "false");
            RedisOnlineStore rows = new RedisOnlineStore(vertx, RedisOnlineStore.Options.of(redis.connectionString())
                    .withCommandTimeout(Duration.ofSeconds(10)));
            try (ServiceProcess owner = ServiceProcess.start(dir.resolve("a"), env);
                 ServiceProcess standby = ServiceProcess.start(dir.resolve("b"), env)) {
                JsonArray listings = new JsonArray();
                for (int i = 0; i < LISTINGS; i++) {
                    listings.add(listing(i));
                }
                assertThat(owner.post("/events", listings.encode()).statusCode()).isEqualTo(202);
                // the owner writes the rows: the listings' rows appear while the standby only stands by
                TestService.eventually(Duration.ofSeconds(60), () -> !await(rows.readHashes(
                        List.of(FeatureKeys.listing(listingId(LISTINGS - 1))))).get(0).isEmpty());

                AtomicInteger acknowledged = new AtomicInteger();
                AtomicBoolean ownerAlive = new AtomicBoolean(true);
                AtomicBoolean posting = new AtomicBoolean(true);
                AtomicInteger seq = new AtomicInteger();
                List<Thread> clients = new ArrayList<>();
                for (int c = 0; c < 2; c++) {
                    int client = c;
                    clients.add(Thread.ofPlatform().name("interactions-" + c).start(() -> {
                        SplittableRandom random = new SplittableRandom(client);
                        int batches = 0;
                        while (posting.get()) {
                            JsonArray batch = interactions(random, seq, 20);
                            // one client talks to the owner while it lives, the other to the standby
                            post(() -> client == 0 && ownerAlive.get() ? owner : standby, batch);
                            if (batches++ % 5 == 0) {
                                post(() -> standby, batch); // a client that did not see the answer sends it again
                            }
                            acknowledged.addAndGet(20);
                        }
                    }));
                }
                TestService.eventually(Duration.ofSeconds(60), () -> acknowledged.get() >= 1_500);
                Map<String, String> checkpointAtKill = await(rows.readHashes(List.of("checkpoint:features"))).get(0);
                ownerAlive.set(false);
                owner.kill();
                long killedAt = System.nanoTime();
                TestService.eventually(Duration.ofSeconds(60), () -> acknowledged.get() >= 3_500);
                posting.set(false);
                for (Thread t : clients) {
                    t.join(15_000);
                }
                assertThat(checkpointAtKill).as("the owner wrote rows before it was killed").isNotEmpty();

                // what one instance replaying the whole log writes
                KafkaEventLog log = await(KafkaEventLog.start(vertx, KafkaEventLog.Options.defaults(
                        KafkaBroker.shared().bootstrapServers()).withTopicPrefix(prefix).withTopology(4, 1)
                        .withClientId("takeover-replay")));
                Map<String, Map<String, String>> expected;
                Map<String, String> ends = new TreeMap<>();
                try (InProcessOnlineStore replayed = new InProcessOnlineStore(Clock.systemUTC())) {
                    ProjectionRunner.replay(log, new FeatureProjection(replayed), n -> { });
                    expected = counters(replayed);
                    for (LogPartition p : await(log.partitions())) {
                        long end = await(log.endOffset(p));
                        if (end > 0) {
                            ends.put(p.toString(), Long.toString(end));
                        }
                    }
                } finally {
                    log.close();
                }
                assertThat(expected.get(FeatureKeys.listing(listingId(0))).get(FeatureKeys.CLICKS_TOTAL))
                        .as("the stream reached the rows").isNotNull();

                // the standby took over: it writes every event after the kill, once
                TestService.eventually(Duration.ofSeconds(90), () -> counters(rows).equals(expected));
                double exactAfter = (System.nanoTime() - killedAt) / 1e9;
                assertThat(counters(rows)).isEqualTo(expected);
                // the checkpoint is the offset after the last event written (duplicates at a partition's end move it not)
                Map<String, String> checkpoint = await(rows.readHashes(List.of("checkpoint:features"))).get(0);
                for (Map.Entry<String, String> e : ends.entrySet()) {
                    if (e.getKey().contains(".interaction-")) {
                        assertThat(Long.parseLong(checkpoint.get(e.getKey())))
                                .as("the standby wrote %s on from the owner's checkpoint", e.getKey())
                                .isGreaterThan(Long.parseLong(checkpointAtKill.getOrDefault(e.getKey(), "0")))
                                .isLessThanOrEqualTo(Long.parseLong(e.getValue()));
                    }
                }
                String standbyLog = Files.readString(dir.resolve("b.log"));
                assertThat(standbyLog).as("the standby took the partitions on").contains("partition taken on");
                long clicks = expected.values().stream()
                        .mapToLong(r -> (long) Double.parseDouble(r.getOrDefault(FeatureKeys.CLICKS_TOTAL, "0"))).sum();
                System.out.printf("feature take-over: %d events acknowledged, owner killed after %d; %d clicks in %d"
                                + " rows, Redis equal to a single-instance replay %.1f s after the kill (posting went on"
                                + " meanwhile; session timeout 6 s)%n", acknowledged.get(), 1_500, clicks, expected.size(),
                        exactAfter);
            } finally {
                rows.close();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** The counters of every listing and seller row: totals, windowed buckets, reports, completed orders. */
    private static Map<String, Map<String, String>> counters(io.mercator.hydration.store.OnlineStore store) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < LISTINGS; i++) {
            keys.add(FeatureKeys.listing(listingId(i)));
            keys.add(FeatureKeys.seller(sellerId(i)));
        }
        List<Map<String, String>> rows = await(store.readHashes(keys));
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (int i = 0; i < keys.size(); i++) {
            Map<String, String> counters = new TreeMap<>();
            rows.get(i).forEach((field, value) -> {
                if (field.endsWith("_total") || field.contains("@") || field.equals(FeatureKeys.REPORTS)
                        || field.equals(FeatureKeys.COMPLETED_ORDERS)) {
                    counters.put(field, normal(value));
                }
            });
            out.put(keys.get(i), counters);
        }
        return out;
    }

    /** Redis answers "3", an increment "3.0": the number, not its spelling. */
    private static String normal(String value) {
        try {
            return Double.toString(Double.parseDouble(value));
        } catch (NumberFormatException e) {
            return value;
        }
    }

    /** Posts until an instance answers 202: a batch whose instance died under it goes to the one that lives. */
    private static void post(Supplier<ServiceProcess> to, JsonArray batch) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                if (to.get().post("/events", batch.encode()).statusCode() == 202) {
                    return;
                }
            } catch (IOException e) {
                // killed under the request: send it again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("a batch was refused 50 times");
    }

    private static JsonArray interactions(SplittableRandom random, AtomicInteger seq, int n) {
        JsonArray batch = new JsonArray();
        long now = System.currentTimeMillis() - 1_000;
        for (int i = 0; i < n; i++) {
            int listing = random.nextInt(LISTINGS);
            String user = "user-%03d".formatted(random.nextInt(USERS));
            String id = "to-" + seq.incrementAndGet();
            int kind = random.nextInt(10);
            JsonObject event = new JsonObject().put("id", id).put("v", 1).put("ts", now);
            if (kind == 9) {
                event.put("type", "seller.reported").put("key", sellerId(listing))
                        .put("data", new JsonObject().put("reason", "no_show").put("listingId", listingId(listing)));
            } else {
                String type = kind < 6 ? "interaction.click" : kind < 8 ? "interaction.add_to_cart" : "interaction.order";
                JsonObject data = new JsonObject().put("requestId", "r-" + id).put("listingId", listingId(listing));
                if (!type.equals("interaction.click")) {
                    data.put("quantity", 1);
                }
                if (type.equals("interaction.order")) {
                    data.put("amount", 1200.0);
                }
                event.put("type", type).put("key", user).put("data", data);
            }
            batch.add(event);
        }
        return batch;
    }

    private static String listingId(int i) {
        return "L-to-%03d".formatted(i);
    }

    private static String sellerId(int i) {
        return "S-to-%03d".formatted(i % 10);
    }

    private static JsonObject listing(int i) {
        return new JsonObject().put("id", "pub-" + listingId(i)).put("type", "listing.published").put("v", 1)
                .put("ts", System.currentTimeMillis() - 60_000).put("key", listingId(i))
                .put("data", new JsonObject().put("sellerId", sellerId(i)).put("title", "Camera " + i)
                        .put("description", "used, works").put("lang", "en").put("category", "cameras")
                        .put("price", 9000 + i).put("condition", "good").put("stock", 5)
                        .put("photos", new JsonArray().add("p/1.jpg")).put("province", "Bangkok")
                        .put("lat", 13.75).put("lon", 100.5));
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
