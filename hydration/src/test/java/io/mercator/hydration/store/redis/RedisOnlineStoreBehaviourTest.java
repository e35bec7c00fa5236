package io.mercator.hydration.store.redis;

import io.mercator.hydration.store.StoreUnavailableException;
import io.mercator.hydration.store.StoreWrite;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What the Redis store does beyond the port's contract: round trips, transactions, errors, secrets. */
class RedisOnlineStoreBehaviourTest {

    private static RedisServerProcess server;
    private static Vertx vertx;
    private RedisAdmin admin;
    private CountingRedis counting;
    private RedisOnlineStore store;
    private final String ns = "behaviour:" + UUID.randomUUID() + ":";

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

    @BeforeEach
    void open() {
        admin = new RedisAdmin(vertx, server);
        store = storeWith(options());
    }

    @AfterEach
    void closeAll() {
        store.close();
        admin.close();
    }

    private RedisOnlineStore.Options options() {
        return RedisOnlineStore.Options.of(server.connectionString()).withCommandTimeout(Duration.ofSeconds(5));
    }

    private RedisOnlineStore storeWith(RedisOnlineStore.Options o) {
        counting = new CountingRedis(Redis.createClient(vertx, RedisOnlineStore.redisOptions(o)));
        return new RedisOnlineStore(vertx, o, counting);
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("store call failed", e);
        }
    }

    private static Throwable failureOf(Future<?> f) {
        try {
            f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw new AssertionError("the call succeeded");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("the call did not complete", e);
        }
    }

    private List<String> productKeys(int n) {
        List<StoreWrite> writes = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String k = ns + "listing:" + i;
            keys.add(k);
            Map<String, String> fields = new HashMap<>();
            for (int f = 0; f < 30; f++) {
                fields.put("f" + f, Integer.toString(i * 100 + f));
            }
            writes.add(new StoreWrite.SetFields(k, fields));
        }
        await(store.write(writes));
        return keys;
    }

    @Test
    void readingAThousandHashesIsOneBatchOfOneHgetallPerKey() {
        List<String> keys = productKeys(1_000);
        counting.batchSizes.clear();
        long before = admin.calls("hgetall");

        List<Map<String, String>> rows = await(store.readHashes(keys));

        assertThat(counting.batchSizes).as("one pipelined batch").containsExactly(1_000);
        assertThat(counting.sends.get()).as("no single commands").isZero();
        assertThat(counting.connects.get()).as("no explicit connection lease").isZero();
        assertThat(admin.calls("hgetall") - before).as("HGETALLs Redis ran").isEqualTo(1_000);
        assertThat(rows.get(999)).hasSize(30).containsEntry("f29", "99929");
    }

    @Test
    void aWriteBatchIsOneRoundTripToo() {
        counting.batchSizes.clear();
        await(store.write(List.of(new StoreWrite.SetFields(ns + "a", Map.of("x", "1")),
                new StoreWrite.IncrementField(ns + "a", "n", 1),
                new StoreWrite.Expire(ns + "a", Duration.ofHours(1)),
                new StoreWrite.DeleteKey(ns + "b"))));
        assertThat(counting.batchSizes).containsExactly(4);
    }

    @Test
    void batchesBeyondThePipelineLimitAreSplitOnOneConnectionInOrder() {
        store.close();
        store = storeWith(new RedisOnlineStore.Options(server.connectionString(), 2, 16, 16, Duration.ofSeconds(5)));
        List<String> keys = productKeys(100);
        List<String> reversed = keys.reversed();

        List<Map<String, String>> rows = await(store.readHashes(reversed));

        assertThat(counting.connects.get()).as("one lease per split call: the write and the read").isEqualTo(2);
        assertThat(rows).hasSize(100);
        for (int j = 0; j < rows.size(); j++) {
            assertThat(rows.get(j)).containsEntry("f0", Integer.toString((99 - j) * 100));
        }
    }

    @Test
    void replacingAListIsOneTransaction() {
        String k = ns + "trending";
        long multi = admin.calls("multi");
        long exec = admin.calls("exec");
        await(store.write(List.of(new StoreWrite.ReplaceList(k, List.of("a", "b")))));
        await(store.write(List.of(new StoreWrite.ReplaceList(k, List.of("c", "d", "e")))));

        assertThat(admin.calls("multi") - multi).isEqualTo(2);
        assertThat(admin.calls("exec") - exec).isEqualTo(2);
        assertThat(await(store.readList(k, 10))).containsExactly("c", "d", "e");
    }

    @Test
    void readersNeverSeeAReplacedListMissing() throws Exception {
        String k = ns + "trending-live";
        await(store.write(List.of(new StoreWrite.ReplaceList(k, List.of("start")))));
        var writer = java.util.concurrent.CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 300; i++) {
                await(store.write(List.of(new StoreWrite.ReplaceList(k, List.of("l" + i, "m" + i)))));
            }
        });
        int reads = 0;
        while (!writer.isDone()) {
            assertThat(await(store.readList(k, 10))).isNotEmpty();
            reads++;
        }
        writer.get(30, TimeUnit.SECONDS);
        assertThat(reads).isPositive();
        assertThat(await(store.readList(k, 10))).containsExactly("l299", "m299");
    }

    @Test
    void integralCountersReadWithoutAFractionLikeTheInProcessStore() {
        String k = ns + "counters";
        await(store.write(List.of(new StoreWrite.IncrementField(k, "n", 1), new StoreWrite.IncrementField(k, "n", 2),
                new StoreWrite.IncrementField(k, "x", 0.5), new StoreWrite.IncrementField(k, "neg", -4))));
        assertThat(await(store.readHashes(List.of(k))).get(0))
                .containsEntry("n", "3").containsEntry("x", "0.5").containsEntry("neg", "-4");
    }

    @Test
    void aRejectedCommandIsNotAnOutage() {
        String k = ns + "text";
        await(store.write(List.of(new StoreWrite.SetFields(k, Map.of("t", "abc")))));

        Throwable failure = failureOf(store.write(List.of(new StoreWrite.IncrementField(k, "t", 1))));

        assertThat(failure).isInstanceOf(IllegalStateException.class).isNotInstanceOf(StoreUnavailableException.class);
        assertThat(failure).hasMessageContaining("not a float");
        // the connection is fine afterwards
        assertThat(await(store.readHashes(List.of(k))).get(0)).containsEntry("t", "abc");
    }

    @Test
    void emptyFieldSetsAndDeletionsAreNoOpsNotErrors() {
        String k = ns + "empty";
        await(store.write(List.of(new StoreWrite.SetFields(k, Map.of()), new StoreWrite.DeleteFields(k, List.of()))));
        assertThat(counting.batchSizes).as("nothing to send").isEmpty();
        assertThat(await(store.readHashes(List.of(k))).get(0)).isEmpty();
    }

    @Test
    void thaiTextRoundTrips() {
        String k = ns + "user:ก";
        await(store.write(List.of(new StoreWrite.SetFields(k, Map.of("current_search_query", "กล้อง canon มือสอง")))));
        assertThat(await(store.readHashes(List.of(k))).get(0)).containsEntry("current_search_query", "กล้อง canon มือสอง");
    }

    @Test
    void thePasswordNeverShowsInOptionsOrErrors() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        RedisOnlineStore.Options o = new RedisOnlineStore.Options("redis://:s3cr3t-pw@127.0.0.1:" + closedPort,
                1, 4, 16, Duration.ofSeconds(2));
        assertThat(o.toString()).doesNotContain("s3cr3t-pw").contains("127.0.0.1:" + closedPort);
        try (RedisOnlineStore s = new RedisOnlineStore(vertx, o)) {
            Throwable failure = failureOf(s.readHashes(List.of("k")));
            assertThat(failure).isInstanceOf(StoreUnavailableException.class);
            Throwable t = failure;
            while (t != null) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain("s3cr3t-pw");
                t = t.getCause();
            }
        }
    }
}
