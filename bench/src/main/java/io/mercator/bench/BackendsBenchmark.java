package io.mercator.bench;

import io.mercator.service.Mercator;
import io.mercator.service.config.ConfigLoader;
import io.mercator.service.config.MercatorConfig;
import io.mercator.simulator.GeoPoint;
import io.mercator.simulator.SimulatedWorld;
import io.mercator.simulator.SimulationConfig;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code /feed} and {@code /search} on the embedded backends, then on Redis + Elasticsearch, in one
 * run on one machine: the same data directory (so the same embedded log, the same events, the same
 * trained model), the same request sequence (same random seed), the same connections and
 * durations. The second run starts redis-server and Elasticsearch itself, empty, and lets the
 * projections fill them from the log before measuring. Prints figures; asserts nothing.
 */
final class BackendsBenchmark {

    private static final String[] QUERIES = {"iphone", "มือถือ", "samsung galaxy", "รองเท้า", "nike", "กระเป๋า",
            "honda wave", "จักรยาน", "sony", "โน้ตบุ๊ก", "canon", "นาฬิกา", "ipad", "เสื้อ", "lego", "พระเครื่อง"};

    /** A little longer than the breakers' open state (RankingRuntime.defaultBreakerConfig). */
    private static final Duration BREAKER_OPEN_WAIT = Duration.ofSeconds(6);

    private BackendsBenchmark() {
    }

    /** What one run is configured with, beyond the shared settings. */
    private record Setup(String label, Map<String, String> settings) {
    }

    /** Parses {@code [--connections N] [--seconds S] [--users U] [--days D] [--data-dir D] [--es-home H]}. */
    static void main(List<String> args) throws Exception {
        int connections = 16;
        int seconds = 30;
        int users = 1000;
        int days = 7;
        Path dataDir = Path.of("data-bench-backends");
        Path esHome = Path.of("recall/target/elasticsearch/elasticsearch-8.19.21");
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--connections" -> connections = Integer.parseInt(args.get(++i));
                case "--seconds" -> seconds = Integer.parseInt(args.get(++i));
                case "--users" -> users = Integer.parseInt(args.get(++i));
                case "--days" -> days = Integer.parseInt(args.get(++i));
                case "--data-dir" -> dataDir = Path.of(args.get(++i));
                case "--es-home" -> esHome = Path.of(args.get(++i));
                default -> throw new IllegalArgumentException("unknown option " + args.get(i));
            }
        }
        Duration warmup = Duration.ofSeconds(Math.max(5, seconds / 3));
        Duration duration = Duration.ofSeconds(seconds);
        Map<String, String> shared = Map.of("MERCATOR_HTTP_HOST", "127.0.0.1", "MERCATOR_HTTP_PORT", "0",
                "MERCATOR_DATA_DIR", dataDir.toString(), "MERCATOR_DEMO_ENABLED", "true",
                "MERCATOR_DEMO_USERS", Integer.toString(users), "MERCATOR_DEMO_DAYS", Integer.toString(days));
        List<String> figures = new ArrayList<>();
        figures.addAll(measure(new Setup("embedded", Map.of()), shared, connections, warmup, duration));
        try (ExternalServer redis = ExternalServer.redis();
             ExternalServer es = ExternalServer.elasticsearch(esHome.toAbsolutePath(), "esci")) {
            figures.addAll(measure(new Setup("redis+elasticsearch", Map.of(
                    "MERCATOR_STORE_BACKEND", "redis",
                    "MERCATOR_STORE_REDIS_URL", "redis://127.0.0.1:" + redis.port(),
                    "MERCATOR_KEYWORD_RECALL_BACKEND", "elasticsearch",
                    "MERCATOR_KEYWORD_RECALL_ELASTICSEARCH_HOSTS", "http://127.0.0.1:" + es.port(),
                    "MERCATOR_KEYWORD_RECALL_ELASTICSEARCH_INDEX", "bench-listings")), shared, connections, warmup, duration));
        }
        System.out.println();
        System.out.printf("summary (%d users, %d days, %d connections, %d s measured after %d s warm-up):%n",
                users, days, connections, duration.toSeconds(), warmup.toSeconds());
        figures.forEach(System.out::println);
    }

    private static List<String> measure(Setup setup, Map<String, String> shared, int connections, Duration warmup,
                                        Duration duration) throws Exception {
        Map<String, String> env = new HashMap<>(shared);
        env.putAll(setup.settings());
        MercatorConfig config = ConfigLoader.load(null, env);
        long boot = System.nanoTime();
        List<String> out = new ArrayList<>();
        try (Mercator m = Mercator.start(config).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES)) {
            m.booted().toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
            long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
            while (!m.readiness().check().toCompletionStage().toCompletableFuture().get().ready()) {
                if (System.nanoTime() > until) {
                    throw new IllegalStateException(setup.label() + ": not ready within 30 minutes");
                }
                Thread.sleep(200);
            }
            System.out.printf("%s: ready %.1f s after start%n", setup.label(), (System.nanoTime() - boot) / 1e9);
            SimulatedWorld world = new SimulatedWorld(new SimulationConfig(config.demo().users(), config.demo().days(),
                    config.demo().randomSeed(), System.currentTimeMillis()));
            List<String> users = world.userIds();
            for (String endpoint : List.of("/feed", "/search")) {
                // the same seed in both setups: the same users, places and queries in the same order
                SplittableRandom rng = new SplittableRandom(7);
                Supplier<String> paths = () -> {
                    String u = users.get(rng.nextInt(users.size()));
                    GeoPoint home = world.home(u);
                    String where = "user_id=" + u + "&lat=" + home.lat() + "&lon=" + home.lon();
                    return endpoint.equals("/feed") ? "/feed?" + where
                            : "/search?q=" + URLEncoder.encode(QUERIES[rng.nextInt(QUERIES.length)], StandardCharsets.UTF_8)
                            + "&" + where;
                };
                LoadGenerator.Result r = LoadGenerator.run(m.port(), connections, warmup, duration, paths);
                String line = String.format("%-20s %-7s %s", setup.label(), endpoint, r.summary());
                System.out.println(line);
                out.add(line);
                // breakers opened by the load stay open 5 s; let them probe before asking what degrades unloaded
                Thread.sleep(BREAKER_OPEN_WAIT.toMillis());
                String probe = String.format("%-20s %-7s %s", setup.label(), endpoint,
                        DegradedTally.unloaded(m.port(), 100, paths));
                System.out.println(probe);
                out.add(probe);
            }
        }
        return out;
    }
}
