package io.mercator.hydration.store.redis;

import io.mercator.hydration.store.StoreWrite;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Prints p50/p99 latency of {@code readHashes} for 200 and 1,000 product keys of 32 fields
 * each, against a real redis-server it starts (or the one in the first argument, a connection
 * string). Prints only: figures depend on the machine and belong in reports, not in assertions.
 */
public final class RedisReadSpeed {

    private static final int PRODUCTS = 5_000;
    private static final int WARMUP = 200;
    private static final int ROUNDS = 1_000;

    private RedisReadSpeed() {
    }

    public static void main(String[] args) throws Exception {
        RedisServerProcess server = args.length == 0 ? RedisServerProcess.start() : null;
        String connection = server != null ? server.connectionString() : args[0];
        Vertx vertx = Vertx.vertx();
        RedisOnlineStore store = new RedisOnlineStore(vertx,
                RedisOnlineStore.Options.of(connection).withCommandTimeout(Duration.ofSeconds(10)));
        try {
            List<String> keys = load(store);
            Random random = new Random(42);
            for (int size : new int[] {200, 1_000}) {
                long[] nanos = new long[ROUNDS];
                for (int r = -WARMUP; r < ROUNDS; r++) {
                    List<String> sample = sample(keys, size, random);
                    long t0 = System.nanoTime();
                    List<Map<String, String>> rows = await(store.readHashes(sample));
                    long took = System.nanoTime() - t0;
                    if (rows.size() != size || rows.get(0).size() < 30) {
                        throw new IllegalStateException("unexpected read result");
                    }
                    if (r >= 0) {
                        nanos[r] = took;
                    }
                }
                Arrays.sort(nanos);
                System.out.printf("readHashes %5d keys x 32 fields: p50 %.2f ms  p99 %.2f ms  (%d reads, %s)%n", size,
                        nanos[ROUNDS / 2] / 1e6, nanos[(int) (ROUNDS * 0.99)] / 1e6, ROUNDS,
                        server != null ? "local redis-server " + server.port() : "given server");
            }
        } finally {
            store.close();
            vertx.close().await();
            if (server != null) {
                server.close();
            }
        }
    }

    /** Product rows shaped like the features projection's: 32 fields, 12 of them bucket counters. */
    private static List<String> load(RedisOnlineStore store) throws Exception {
        List<String> keys = new ArrayList<>(PRODUCTS);
        List<StoreWrite> writes = new ArrayList<>();
        for (int i = 0; i < PRODUCTS; i++) {
            String key = "speed:listing:L" + i;
            keys.add(key);
            Map<String, String> f = new HashMap<>();
            f.put("category", "cameras");
            f.put("seller_id", "S" + i % 300);
            f.put("price", Double.toString(1_000 + i * 1.5));
            f.put("stock", "1");
            f.put("stock_status", "in_stock");
            f.put("condition", "good");
            f.put("condition_grade", "0.7");
            f.put("photo_count", "4");
            f.put("description_length", "120");
            f.put("province", "Bangkok");
            f.put("lat", "13.75");
            f.put("lon", "100.5");
            f.put("published_at", "1750000000000");
            f.put("views_total", Integer.toString(i % 500));
            f.put("clicks_total", Integer.toString(i % 50));
            f.put("carts_total", "2");
            f.put("orders_total", "1");
            f.put("quality_score", "0.65");
            f.put("seller_trust_score", "0.5");
            f.put("is_boosted_now", "0");
            for (int b = 0; b < 6; b++) {
                f.put("views@" + (29_166_000 + b), "3");
                f.put("clicks@" + (29_166_000 + b), "1");
            }
            writes.add(new StoreWrite.SetFields(key, f));
            if (writes.size() == 1_000) {
                await(store.write(writes));
                writes.clear();
            }
        }
        await(store.write(writes));
        return keys;
    }

    private static List<String> sample(List<String> keys, int size, Random random) {
        List<String> copy = new ArrayList<>(keys);
        Collections.shuffle(copy, random);
        return copy.subList(0, size);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
