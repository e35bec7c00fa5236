package io.mercator.hydration.store.redis;

import io.mercator.hydration.store.StoreUnavailableException;
import io.mercator.hydration.store.StoreWrite;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Redis going away and coming back, with a server of each test's own. Nothing here measures time:
 * "fails fast" means the call completes (with the right exception) before a deadline far longer
 * than the configured timeout, where a hanging call would not complete at all.
 */
class RedisOnlineStoreFaultTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);
    /** Generous: a call that has not completed by then is hanging. */
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private RedisServerProcess server;
    private Vertx vertx;
    private RedisOnlineStore store;

    @BeforeEach
    void start() {
        server = RedisServerProcess.start();
        vertx = Vertx.vertx();
        store = new RedisOnlineStore(vertx, new RedisOnlineStore.Options(server.connectionString(), 4, 64,
                RedisOnlineStore.Options.DEFAULT_MAX_WAITING_HANDLERS, TIMEOUT));
        // the first call of a fresh JVM and pool (class loading, connect, HELLO) may exceed the
        // short timeout on a busy machine: warm up until one succeeds
        awaitRecovery("warm-up");
    }

    @AfterEach
    void stop() {
        store.close();
        vertx.close().await();
        server.close();
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("store call failed", e);
        }
    }

    private static Throwable failureOf(Future<?> f) {
        try {
            f.toCompletionStage().toCompletableFuture().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the call hung instead of failing", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        throw new AssertionError("the call succeeded although Redis is unavailable");
    }

    private void assertEveryCallFailsAsUnavailable() {
        List<Supplier<Future<?>>> calls = List.of(
                () -> store.readHashes(List.of("listing:1", "listing:2")),
                () -> store.readList("popular:global", 10),
                () -> store.write(List.of(new StoreWrite.IncrementField("listing:1", "views", 1))));
        for (Supplier<Future<?>> call : calls) {
            assertThat(failureOf(call.get())).isInstanceOf(StoreUnavailableException.class);
        }
    }

    /** Polls until a write and its read succeed: after an outage the pool must reconnect by itself. */
    private void awaitRecovery(String key) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            try {
                await(store.write(List.of(new StoreWrite.SetFields(key, Map.of("v", "1")))));
                assertThat(await(store.readHashes(List.of(key))).get(0)).containsEntry("v", "1");
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    fail("the store did not recover after Redis came back", e);
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    @Test
    void callsFailFastWhileRedisIsStopped() {
        await(store.write(List.of(new StoreWrite.SetFields("listing:1", Map.of("price", "100")))));
        server.stop();

        assertEveryCallFailsAsUnavailable();
    }

    @Test
    void callsToAServerThatNeverAnswersFailWithTheTimeout() {
        server.pause();
        try {
            Throwable failure = failureOf(store.readHashes(List.of("listing:1")));
            assertThat(failure).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("did not answer");
            assertEveryCallFailsAsUnavailable();
        } finally {
            server.resume();
        }
        awaitRecovery("after-pause");
    }

    @Test
    void callsSucceedAgainOnceRedisIsBackWithoutANewStore() {
        await(store.write(List.of(new StoreWrite.SetFields("before", Map.of("v", "1")))));
        server.stop();
        assertEveryCallFailsAsUnavailable();

        server.restart();
        awaitRecovery("after-restart");
        // the server keeps nothing across a restart; the store simply serves what is there now
        assertThat(await(store.readHashes(List.of("before"))).get(0)).isEmpty();
        await(store.write(List.of(new StoreWrite.ReplaceList("popular:global", List.of("l1", "l2")))));
        assertThat(await(store.readList("popular:global", 10))).containsExactly("l1", "l2");
    }

    @Test
    void aStoreCreatedWhileRedisIsDownWorksOnceItIsUp() {
        store.close();
        server.stop();
        store = new RedisOnlineStore(vertx, new RedisOnlineStore.Options(server.connectionString(), 4, 64,
                RedisOnlineStore.Options.DEFAULT_MAX_WAITING_HANDLERS, TIMEOUT));
        assertEveryCallFailsAsUnavailable();

        server.restart();
        awaitRecovery("late-start");
    }
}
