package io.mercator.hydration.store.redis;

import io.mercator.hydration.store.StoreWrite;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The guarded all-or-nothing write a projection commits its writes and checkpoint with. */
class RedisCompareAndWriteTest {

    private static RedisServerProcess server;
    private static Vertx vertx;
    private static RedisOnlineStore store;
    private final String ns = "cas:" + UUID.randomUUID() + ":";

    @BeforeAll
    static void start() {
        server = RedisServerProcess.start();
        vertx = Vertx.vertx();
        // a small pipeline limit so a large transaction has to travel in several chunks
        store = new RedisOnlineStore(vertx, new RedisOnlineStore.Options(server.connectionString(), 4, 64, 16,
                Duration.ofSeconds(5)));
    }

    @AfterAll
    static void stop() {
        store.close();
        vertx.close().await();
        server.close();
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private List<StoreWrite> batch(String checkpoint, int increments) {
        List<StoreWrite> writes = new ArrayList<>();
        for (int i = 0; i < increments; i++) {
            writes.add(new StoreWrite.IncrementField(ns + "row", "n", 1));
        }
        writes.add(new StoreWrite.ReplaceList(ns + "list", List.of("a", "b")));
        writes.add(new StoreWrite.SetFields(ns + "cp", Map.of("p0", checkpoint)));
        return writes;
    }

    @Test
    void shouldWriteOnlyWhileTheGuardHoldsTheExpectedValue() throws Exception {
        assertThat(await(store.compareAndWrite(ns + "cp", "p0", null, batch("10", 3)))).isTrue();
        // the same batch again, as a retry after an unknown outcome would send it: refused, nothing applied
        assertThat(await(store.compareAndWrite(ns + "cp", "p0", null, batch("10", 3)))).isFalse();
        assertThat(await(store.compareAndWrite(ns + "cp", "p0", "7", batch("20", 3)))).isFalse();

        Map<String, String> row = await(store.readHashes(List.of(ns + "row"))).get(0);
        assertThat(row).containsEntry("n", "3");
        assertThat(await(store.readHashes(List.of(ns + "cp"))).get(0)).containsEntry("p0", "10");
        assertThat(await(store.readList(ns + "list", 10))).containsExactly("a", "b");
    }

    @Test
    void shouldApplyATransactionLargerThanOnePipelineChunk() throws Exception {
        assertThat(await(store.compareAndWrite(ns + "cp", "p0", null, batch("1", 100)))).isTrue();
        assertThat(await(store.compareAndWrite(ns + "cp", "p0", "1", batch("2", 100)))).isTrue();

        assertThat(await(store.readHashes(List.of(ns + "row"))).get(0)).containsEntry("n", "200");
        assertThat(await(store.readHashes(List.of(ns + "cp"))).get(0)).containsEntry("p0", "2");
        // the connection went back to the pool outside any transaction: plain writes still apply at once
        await(store.write(List.of(new StoreWrite.SetFields(ns + "after", Map.of("x", "1")))));
        assertThat(await(store.readHashes(List.of(ns + "after"))).get(0)).containsEntry("x", "1");
    }

    @Test
    void shouldApplyNothingWhenAWriteOfTheBatchIsInvalid() throws Exception {
        await(store.write(List.of(new StoreWrite.SetFields(ns + "cp", Map.of("p0", "5")))));
        List<StoreWrite> writes = new ArrayList<>(batch("6", 40));
        // a NaN increment cannot be sent: the whole batch is refused before anything reaches Redis
        writes.add(0, new StoreWrite.IncrementField(ns + "row", "n", Double.NaN));
        assertThat(store.compareAndWrite(ns + "cp", "p0", "5", writes).toCompletionStage().toCompletableFuture()
                .handle((ok, e) -> e)).succeedsWithin(Duration.ofSeconds(10)).isInstanceOf(IllegalArgumentException.class);
        assertThat(await(store.readHashes(List.of(ns + "row"))).get(0)).isEmpty();
        assertThat(await(store.readHashes(List.of(ns + "cp"))).get(0)).containsEntry("p0", "5");
    }
}
