package io.mercator.hydration.store.redis;

import io.mercator.hydration.store.OnlineStore;
import io.mercator.hydration.store.OnlineStoreContract;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;

/** The port's contract against a real redis-server (one per class: every test has its own key prefix). */
class RedisOnlineStoreTest extends OnlineStoreContract {

    private static RedisServerProcess server;
    private static Vertx vertx;
    private RedisOnlineStore store;

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
        store = new RedisOnlineStore(vertx,
                RedisOnlineStore.Options.of(server.connectionString()).withCommandTimeout(Duration.ofSeconds(5)));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Override
    protected OnlineStore store() {
        return store;
    }
}
