package io.mercator.service.faults;

import io.mercator.events.log.kafka.KafkaBroker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service killed with SIGKILL while clients post listings: every batch it answered 202 is
 * served after the restart (each of its listings found by {@code /search}), on the embedded log and
 * on Kafka. Batches in flight at the kill got no answer, so a client would resend them; they are
 * not counted.
 */
class ServiceKillTest {

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedListingIsServedAfterAKillOnTheEmbeddedLog() throws Exception {
        killUnderLoadAndCheck(Map.of());
    }

    @Test
    void everyAcknowledgedListingIsServedAfterAKillOnKafka() throws Exception {
        killUnderLoadAndCheck(Map.of("MERCATOR_LOG_BACKEND", "kafka",
                "MERCATOR_LOG_KAFKA_BOOTSTRAP_SERVERS", KafkaBroker.shared().bootstrapServers(),
                "MERCATOR_LOG_KAFKA_TOPIC_PREFIX", "kill-" + UUID.randomUUID().toString().substring(0, 8),
                "MERCATOR_LOG_KAFKA_PARTITIONS", "2", "MERCATOR_LOG_KAFKA_REPLICATION_FACTOR", "1"));
    }

    private void killUnderLoadAndCheck(Map<String, String> backend) throws Exception {
        Map<String, String> env = new HashMap<>(backend);
        // the listings go straight to search: no text screening or image analysis to wait for
        env.put("MERCATOR_NLP_MODE", "off");
        env.put("MERCATOR_VISION_ENABLED", "false");
        env.put("MERCATOR_RETRAINING_ENABLED", "false");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger lost = new AtomicInteger();
        try (ServiceProcess app = ServiceProcess.start(dir.resolve("data"), env)) {
            AtomicBoolean posting = new AtomicBoolean(true);
            AtomicInteger seq = new AtomicInteger();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                clients.add(Thread.ofPlatform().name("poster-" + c).start(() -> {
                    while (posting.get()) {
                        JsonArray batch = new JsonArray();
                        List<String> ids = new ArrayList<>();
                        for (int i = 0; i < 10; i++) {
                            String id = "L-kill-%06d".formatted(seq.incrementAndGet());
                            ids.add(id);
                            batch.add(listing(id));
                        }
                        try {
                            HttpResponse<String> res = app.post("/events", batch.encode());
                            if (res.statusCode() == 202) {
                                acknowledged.addAll(ids);
                            }
                        } catch (IOException e) {
                            lost.incrementAndGet(); // no answer: the client does not know, and would resend
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }));
            }
            TestService.eventually(Duration.ofSeconds(60), () -> acknowledged.size() >= 400);
            app.kill();
            int acknowledgedAtKill = acknowledged.size();
            posting.set(false);
            for (Thread t : clients) {
                t.join(15_000);
            }
            assertThat(acknowledged).hasSize(acknowledgedAtKill); // nothing answered after the kill

            app.restart();
            List<String> missing = new ArrayList<>();
            for (String id : acknowledged) {
                if (!found(app, id)) {
                    missing.add(id);
                }
            }
            assertThat(missing).as("acknowledged listings not found by /search after the restart (of "
                    + acknowledged.size() + ")").isEmpty();
            System.out.printf("service SIGKILL (%s): %d listings acknowledged before the kill, all found after the"
                    + " restart; %d batches had no answer%n", backend.isEmpty() ? "embedded log" : "kafka",
                    acknowledged.size(), lost.get());
        }
    }

    private static boolean found(ServiceProcess app, String id) {
        String token = token(id);
        try {
            HttpResponse<String> res = app.get("/search?q=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                    + "&lat=13.75&lon=100.5&limit=5");
            return res.statusCode() == 200 && new JsonObject(res.body()).getJsonArray("items").stream()
                    .anyMatch(o -> id.equals(((JsonObject) o).getString("listing_id")));
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A word only this listing's title has: nine letters drawn from the id's hash. */
    private static String token(String id) {
        long h = new java.util.SplittableRandom(id.hashCode()).nextLong();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            b.append((char) ('a' + Math.floorMod(h, 26)));
            h /= 26;
        }
        return b.toString();
    }

    private static JsonObject listing(String id) {
        return new JsonObject().put("id", "pub-" + id).put("type", "listing.published").put("v", 1)
                .put("ts", System.currentTimeMillis() - 1_000).put("key", id)
                .put("data", new JsonObject().put("sellerId", "S-" + id).put("title", "Camera " + token(id))
                        .put("description", "used, works").put("lang", "en").put("category", "cameras").put("price", 9000)
                        .put("condition", "good").put("stock", 1).put("photos", new JsonArray().add("p/1.jpg"))
                        .put("province", "Bangkok").put("lat", 13.75).put("lon", 100.5));
    }
}
