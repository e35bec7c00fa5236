package io.mercator.hydration.store;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * What every {@link OnlineStore} must do, run against each implementation (in-process, Redis).
 *
 * <p>Subclasses return a ready store from {@link #store()}. Every test writes under a key prefix
 * of its own, so a shared Redis needs no flushing between tests. Expiry is tested with short real
 * TTLs and polled up to a generous deadline: nothing here asserts how long anything took.
 */
public abstract class OnlineStoreContract {

    /** The store under test; the same instance for the whole test method. */
    protected abstract OnlineStore store();

    /** A TTL short enough to wait out in a test. */
    protected Duration shortTtl() {
        return Duration.ofMillis(150);
    }

    /** How long expiry may take to become visible before a test gives up. */
    protected Duration expiryDeadline() {
        return Duration.ofSeconds(10);
    }

    private final String ns = "contract:" + UUID.randomUUID() + ":";

    protected String key(String name) {
        return ns + name;
    }

    protected static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("store call failed", e);
        }
    }

    private void write(StoreWrite... writes) {
        await(store().write(List.of(writes)));
    }

    private Map<String, String> hash(String key) {
        return await(store().readHashes(List.of(key))).get(0);
    }

    private void pollUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + expiryDeadline().toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("gave up waiting: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    @Test
    void setFieldsCreatesAHashAndOverwritesOnlyTheNamedFields() {
        String k = key("listing:1");
        write(new StoreWrite.SetFields(k, Map.of("category", "cameras", "price", "9000")));
        write(new StoreWrite.SetFields(k, Map.of("price", "8500", "stock", "2")));

        assertThat(hash(k)).containsExactlyInAnyOrderEntriesOf(
                Map.of("category", "cameras", "price", "8500", "stock", "2"));
    }

    @Test
    void incrementStartsFromZeroForAMissingKeyOrField() {
        String k = key("listing:2");
        write(new StoreWrite.IncrementField(k, "views", 1));
        write(new StoreWrite.IncrementField(k, "views", 2), new StoreWrite.IncrementField(k, "spend", 12.5));

        Map<String, String> h = hash(k);
        assertThat(Double.parseDouble(h.get("views"))).isEqualTo(3.0);
        assertThat(Double.parseDouble(h.get("spend"))).isEqualTo(12.5);
    }

    @Test
    void incrementAcceptsNegativeAndFractionalDeltas() {
        String k = key("user:1");
        write(new StoreWrite.IncrementField(k, "balance", 10.25),
                new StoreWrite.IncrementField(k, "balance", -0.5));

        assertThat(Double.parseDouble(hash(k).get("balance"))).isEqualTo(9.75);
    }

    @Test
    void deleteFieldsRemovesThemAndAnEmptiedHashReadsAsMissing() {
        String k = key("listing:3");
        write(new StoreWrite.SetFields(k, Map.of("a", "1", "b", "2", "c", "3")));
        write(new StoreWrite.DeleteFields(k, List.of("a", "missing")));
        assertThat(hash(k)).containsOnlyKeys("b", "c");

        write(new StoreWrite.DeleteFields(k, List.of("b", "c")));
        assertThat(hash(k)).isEmpty();
    }

    @Test
    void deleteFieldsOnAMissingKeyIsHarmless() {
        String k = key("nothing");
        write(new StoreWrite.DeleteFields(k, List.of("a")));
        assertThat(hash(k)).isEmpty();
    }

    @Test
    void deleteKeyRemovesHashesAndLists() {
        String h = key("h");
        String l = key("l");
        write(new StoreWrite.SetFields(h, Map.of("a", "1")), new StoreWrite.ReplaceList(l, List.of("x")));
        write(new StoreWrite.DeleteKey(h), new StoreWrite.DeleteKey(l));

        assertThat(hash(h)).isEmpty();
        assertThat(await(store().readList(l, 10))).isEmpty();
    }

    @Test
    void writesOfOneCallApplyInOrder() {
        String k = key("ordered");
        write(new StoreWrite.SetFields(k, Map.of("n", "5")),
                new StoreWrite.IncrementField(k, "n", 1),
                new StoreWrite.DeleteFields(k, List.of("n")),
                new StoreWrite.IncrementField(k, "n", 2),
                new StoreWrite.SetFields(k, Map.of("tag", "last")));

        Map<String, String> h = hash(k);
        assertThat(Double.parseDouble(h.get("n"))).isEqualTo(2.0);
        assertThat(h.get("tag")).isEqualTo("last");
    }

    @Test
    void batchReadKeepsKeyOrderAndGivesEmptyMapsForMissingKeys() {
        write(new StoreWrite.SetFields(key("a"), Map.of("v", "a")),
                new StoreWrite.SetFields(key("c"), Map.of("v", "c")));

        List<Map<String, String>> got = await(store().readHashes(
                List.of(key("c"), key("missing"), key("a"), key("c"))));

        assertThat(got).hasSize(4);
        assertThat(got.get(0)).containsEntry("v", "c");
        assertThat(got.get(1)).isEmpty();
        assertThat(got.get(2)).containsEntry("v", "a");
        assertThat(got.get(3)).containsEntry("v", "c");
    }

    @Test
    void readHashesOfNoKeysIsEmpty() {
        assertThat(await(store().readHashes(List.of()))).isEmpty();
    }

    @Test
    void readResultsDoNotChangeWithLaterWrites() {
        String k = key("snap");
        write(new StoreWrite.SetFields(k, Map.of("a", "1")));
        Map<String, String> before = hash(k);
        write(new StoreWrite.SetFields(k, Map.of("a", "2", "b", "3")));

        assertThat(before).containsExactlyEntriesOf(Map.of("a", "1"));
        assertThat(hash(k)).containsEntry("a", "2").containsEntry("b", "3");
    }

    @Test
    void replaceListReplacesTheWholeListAndReadHonoursTheLimit() {
        String k = key("popular:global");
        write(new StoreWrite.ReplaceList(k, List.of("l1", "l2", "l3", "l4")));
        assertThat(await(store().readList(k, 2))).containsExactly("l1", "l2");
        assertThat(await(store().readList(k, 100))).containsExactly("l1", "l2", "l3", "l4");

        write(new StoreWrite.ReplaceList(k, List.of("l9", "l8")));
        assertThat(await(store().readList(k, 100))).containsExactly("l9", "l8");

        write(new StoreWrite.ReplaceList(k, List.of()));
        assertThat(await(store().readList(k, 100))).isEmpty();
    }

    @Test
    void missingListReadsEmpty() {
        assertThat(await(store().readList(key("no-list"), 10))).isEmpty();
    }

    @Test
    void keyDisappearsAfterItsTtl() {
        String k = key("ttl");
        write(new StoreWrite.SetFields(k, Map.of("a", "1")), new StoreWrite.Expire(k, shortTtl()));
        String l = key("ttl-list");
        write(new StoreWrite.ReplaceList(l, List.of("x")), new StoreWrite.Expire(l, shortTtl()));

        pollUntil(() -> hash(k).isEmpty(), "hash to expire");
        pollUntil(() -> await(store().readList(l, 10)).isEmpty(), "list to expire");
    }

    @Test
    void aNewShorterTtlReplacesTheOldOne() {
        String k = key("ttl-shorten");
        write(new StoreWrite.SetFields(k, Map.of("a", "1")), new StoreWrite.Expire(k, Duration.ofHours(1)));
        write(new StoreWrite.Expire(k, shortTtl()));

        pollUntil(() -> hash(k).isEmpty(), "refreshed TTL to apply");
    }

    @Test
    void refreshingTheTtlKeepsTheKeyPastTheFirstTtl() throws InterruptedException {
        String k = key("ttl-extend");
        String probe = key("ttl-probe");
        Duration first = Duration.ofSeconds(1);
        write(new StoreWrite.SetFields(k, Map.of("a", "1")), new StoreWrite.Expire(k, first),
                new StoreWrite.SetFields(probe, Map.of("a", "1")), new StoreWrite.Expire(probe, first));
        write(new StoreWrite.Expire(k, Duration.ofHours(1)));

        // the probe shares the first TTL: once it is gone, the first TTL has surely passed
        pollUntil(() -> hash(probe).isEmpty(), "probe to expire");
        assertThat(hash(k)).containsEntry("a", "1");
    }

    @Test
    void expireOnAMissingKeyCreatesNothing() {
        String k = key("ttl-missing");
        write(new StoreWrite.Expire(k, Duration.ofHours(1)));
        assertThat(hash(k)).isEmpty();
        assertThat(await(store().readList(k, 10))).isEmpty();
    }

    @Test
    void writingAfterExpiryStartsFromNothing() {
        String k = key("ttl-rewrite");
        write(new StoreWrite.SetFields(k, Map.of("old", "x")), new StoreWrite.IncrementField(k, "n", 5),
                new StoreWrite.Expire(k, shortTtl()));
        pollUntil(() -> hash(k).isEmpty(), "key to expire");

        write(new StoreWrite.IncrementField(k, "n", 1));
        Map<String, String> h = hash(k);
        assertThat(h).doesNotContainKey("old");
        assertThat(Double.parseDouble(h.get("n"))).isEqualTo(1.0);
    }

    @Test
    void replacingAListClearsItsTtl() throws InterruptedException {
        String k = key("list-ttl");
        String probe = key("list-ttl-probe");
        write(new StoreWrite.ReplaceList(k, List.of("a")), new StoreWrite.Expire(k, shortTtl()),
                new StoreWrite.SetFields(probe, Map.of("a", "1")));
        write(new StoreWrite.ReplaceList(k, List.of("b")), new StoreWrite.Expire(probe, shortTtl()));

        pollUntil(() -> hash(probe).isEmpty(), "probe to expire");
        assertThat(await(store().readList(k, 10))).containsExactly("b");
    }

    @Test
    void batchReadOfAThousandKeysWithThirtyFieldsEach() {
        List<StoreWrite> writes = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            String k = key("listing:" + i);
            keys.add(k);
            Map<String, String> fields = new HashMap<>();
            for (int f = 0; f < 30; f++) {
                fields.put("f" + f, i + "." + f);
            }
            writes.add(new StoreWrite.SetFields(k, fields));
        }
        await(store().write(writes));

        List<String> reversed = new ArrayList<>(keys.reversed());
        List<Map<String, String>> got = await(store().readHashes(reversed));

        assertThat(got).hasSize(1_000);
        for (int j = 0; j < got.size(); j++) {
            int i = 999 - j;
            assertThat(got.get(j)).hasSize(30).containsEntry("f0", i + ".0").containsEntry("f29", i + ".29");
        }
    }

    @Test
    void decodedReadsGiveWhatTheDecoderMakesOfEachHashAndFollowWrites() {
        String a = key("listing:a");
        String missing = key("listing:missing");
        write(new StoreWrite.SetFields(a, Map.of("price", "100", "stock", "2")));
        java.util.function.Function<Map<String, String>, String> decoder =
                h -> h.isEmpty() ? "none" : h.get("price") + "x" + h.get("stock");

        assertThat(await(store().readDecoded(List.of(a, missing, a), decoder))).containsExactly("100x2", "none", "100x2");

        // a decoded form kept from before must not outlive the write that changed the hash
        write(new StoreWrite.IncrementField(a, "stock", -1));
        assertThat(await(store().readDecoded(List.of(a), decoder))).containsExactly("100x1");
        write(new StoreWrite.DeleteKey(a));
        assertThat(await(store().readDecoded(List.of(a), decoder))).containsExactly("none");
    }

    @Test
    void aBoundedCounterAddsWhatFitsAndNeverLeavesItsBounds() {
        String k = key("budget:a");
        Duration ttl = Duration.ofMinutes(5);

        assertThat(await(store().addWithin(k, "leased", 40, 100, ttl))).isEqualTo(40);
        assertThat(await(store().addWithin(k, "leased", 50, 100, ttl))).isEqualTo(50);
        assertThat(await(store().addWithin(k, "leased", 50, 100, ttl))).as("only 10 left under the bound").isEqualTo(10);
        assertThat(await(store().addWithin(k, "leased", 5, 100, ttl))).as("at the bound").isZero();
        assertThat(hash(k)).containsEntry("leased", "100");
        // a lowered bound grants nothing, and takes nothing back by itself
        assertThat(await(store().addWithin(k, "leased", 5, 60, ttl))).isZero();
        assertThat(hash(k)).containsEntry("leased", "100");
        // giving back: a negative delta, never below zero
        assertThat(await(store().addWithin(k, "leased", -30, 100, ttl))).isEqualTo(-30);
        assertThat(await(store().addWithin(k, "leased", -500, 100, ttl))).isEqualTo(-70);
        assertThat(hash(k)).containsEntry("leased", "0");
        // an absent key with nothing to add stays absent
        String none = key("budget:none");
        assertThat(await(store().addWithin(none, "leased", -5, 100, ttl))).isZero();
        assertThat(hash(none)).isEmpty();
    }

    @Test
    void aBoundedCounterExpires() {
        String k = key("budget:ttl");
        assertThat(await(store().addWithin(k, "leased", 7, 100, shortTtl()))).isEqualTo(7);
        pollUntil(() -> hash(k).isEmpty(), "the counter to expire");
    }

    @Test
    void concurrentAddsToABoundedCounterNeverGrantMoreThanTheBound() throws Exception {
        String k = key("budget:race");
        int threads = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<Long>> granted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                granted.add(pool.submit(() -> {
                    long sum = 0;
                    for (int i = 0; i < 50; i++) {
                        sum += await(store().addWithin(k, "leased", 7, 1_000, Duration.ofMinutes(5)));
                    }
                    return sum;
                }));
            }
            long total = 0;
            for (java.util.concurrent.Future<Long> g : granted) {
                total += g.get(60, TimeUnit.SECONDS);
            }
            // 8 x 50 x 7 = 2,800 asked for, 1,000 available
            assertThat(total).isEqualTo(1_000);
            assertThat(hash(k)).containsEntry("leased", "1000");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBoundedCounterOnAListOrATextFieldIsRefused() {
        String list = key("budget:list");
        write(new StoreWrite.ReplaceList(list, List.of("a")));
        assertThat(store().addWithin(list, "leased", 1, 10, Duration.ofMinutes(1)).toCompletionStage()
                .toCompletableFuture()).failsWithin(Duration.ofSeconds(10));
        String text = key("budget:text");
        write(new StoreWrite.SetFields(text, Map.of("leased", "lots")));
        assertThat(store().addWithin(text, "leased", 1, 10, Duration.ofMinutes(1)).toCompletionStage()
                .toCompletableFuture()).failsWithin(Duration.ofSeconds(10));
    }
}
