package io.mercator.hydration.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs the contract on the in-process store, plus what only a controllable clock can show. */
class InProcessOnlineStoreTest extends OnlineStoreContract {

    private InProcessOnlineStore store;

    @BeforeEach
    void open() {
        store = new InProcessOnlineStore(Clock.systemUTC());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Override
    protected OnlineStore store() {
        return store;
    }

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        private volatile long millis = 1_700_000_000_000L;

        void advance(Duration d) {
            millis += d.toMillis();
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    @Test
    void expiryFollowsTheInjectedClockExactly() {
        HandClock clock = new HandClock();
        InProcessOnlineStore s = new InProcessOnlineStore(clock);
        await(s.write(List.of(new StoreWrite.SetFields("k", Map.of("a", "1")),
                new StoreWrite.Expire("k", Duration.ofSeconds(10)))));

        clock.advance(Duration.ofMillis(9_999));
        assertThat(await(s.readHashes(List.of("k"))).get(0)).containsEntry("a", "1");

        clock.advance(Duration.ofMillis(1));
        assertThat(await(s.readHashes(List.of("k"))).get(0)).isEmpty();
        assertThat(s.size()).as("lazy expiry removes the key on read").isZero();
    }

    @Test
    void writePathSweepsExpiredKeysNobodyReads() {
        HandClock clock = new HandClock();
        InProcessOnlineStore s = new InProcessOnlineStore(clock);
        List<StoreWrite> writes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            writes.add(new StoreWrite.SetFields("k" + i, Map.of("a", "1")));
            writes.add(new StoreWrite.Expire("k" + i, Duration.ofSeconds(5)));
        }
        await(s.write(writes));
        assertThat(s.size()).isEqualTo(100);

        clock.advance(Duration.ofSeconds(6));
        await(s.write(List.of(new StoreWrite.SetFields("other", Map.of("a", "1")))));

        assertThat(s.size()).isEqualTo(1);
    }

    @Test
    void countersPrintLikeRedis() {
        await(store.write(List.of(new StoreWrite.IncrementField("k", "n", 1),
                new StoreWrite.IncrementField("k", "x", 0.5))));
        assertThat(await(store.readHashes(List.of("k"))).get(0))
                .containsEntry("n", "1").containsEntry("x", "0.5");
    }

    @Test
    void incrementOfATextFieldFails() {
        await(store.write(List.of(new StoreWrite.SetFields("k", Map.of("t", "abc")))));
        assertThatThrownBy(() -> await(store.write(List.of(new StoreWrite.IncrementField("k", "t", 1)))))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void aGroupThatFailsPartWayLeavesTheKeyAsItWas() {
        await(store.write(List.of(new StoreWrite.SetFields("k", Map.of("t", "abc", "n", "1")),
                new StoreWrite.Expire("k", Duration.ofHours(1)))));
        java.util.function.Function<Map<String, String>, String> decoder = h -> h.get("n") + "/" + h.get("new");
        assertThat(await(store.readDecoded(List.of("k"), decoder))).containsExactly("1/null");

        // n and a new field change, then the increment of a text field fails: none of it may stay
        assertThatThrownBy(() -> await(store.write(List.of(new StoreWrite.IncrementField("k", "n", 5),
                new StoreWrite.SetFields("k", Map.of("new", "x")), new StoreWrite.DeleteFields("k", List.of("n")),
                new StoreWrite.IncrementField("k", "t", 1))))).isInstanceOf(AssertionError.class);

        assertThat(await(store.readHashes(List.of("k"))).get(0)).containsOnly(Map.entry("t", "abc"), Map.entry("n", "1"));
        assertThat(await(store.readDecoded(List.of("k"), decoder))).containsExactly("1/null");

        // a failed group on a key that did not exist creates nothing
        assertThatThrownBy(() -> await(store.write(List.of(new StoreWrite.SetFields("fresh", Map.of("a", "b")),
                new StoreWrite.ReplaceList("fresh", List.of("x")), new StoreWrite.IncrementField("fresh", "a", 1)))))
                .isInstanceOf(AssertionError.class);
        assertThat(await(store.readHashes(List.of("fresh"))).get(0)).isEmpty();
        assertThat(await(store.readList("fresh", 10))).isEmpty();
    }

    @Test
    void concurrentWritersLoseNoIncrementAndReadersSeeWholeSnapshots() throws Exception {
        int writers = 2;
        int perWriter = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                jobs.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perWriter; i++) {
                        // both fields move together in one call, so a reader must see them equal
                        await(store.write(List.of(new StoreWrite.IncrementField("hot", "a", 1),
                                new StoreWrite.IncrementField("hot", "b", 1))));
                    }
                    return null;
                }));
            }
            for (int r = 0; r < 2; r++) {
                jobs.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perWriter; i++) {
                        Map<String, String> h = await(store.readHashes(List.of("hot"))).get(0);
                        assertThat(h.get("a")).isEqualTo(h.get("b"));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : jobs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(await(store.readHashes(List.of("hot"))).get(0))
                .containsEntry("a", String.valueOf(writers * perWriter));
    }

    @Test
    void aHashIsDecodedOnceBetweenTwoWritesOfItsKey() {
        java.util.concurrent.atomic.AtomicInteger decodes = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.Function<Map<String, String>, String> decoder = h -> {
            decodes.incrementAndGet();
            return h.getOrDefault("price", "?");
        };
        store.write(List.of(new StoreWrite.SetFields("listing:1", Map.of("price", "100")))).await();
        for (int i = 0; i < 5; i++) {
            assertThat(store.readDecoded(List.of("listing:1"), decoder).await()).containsExactly("100");
        }
        assertThat(decodes).hasValue(1);

        store.write(List.of(new StoreWrite.SetFields("listing:1", Map.of("price", "90")))).await();
        assertThat(store.readDecoded(List.of("listing:1"), decoder).await()).containsExactly("90");
        assertThat(store.readDecoded(List.of("listing:1"), decoder).await()).containsExactly("90");
        assertThat(decodes).hasValue(2);

        // another decoder of the same row is not handed the first one's result
        assertThat(store.readDecoded(List.of("listing:1"), h -> h.size()).await()).containsExactly(1);
    }
}
