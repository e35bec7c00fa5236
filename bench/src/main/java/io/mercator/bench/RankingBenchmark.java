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
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code /feed} and {@code /search} under load on the demo marketplace, at a given candidate
 * budget: starts Mercator in this JVM on the embedded default (seeding and training on first use
 * of the data directory), then drives it with the closed-loop {@link LoadGenerator}.
 */
final class RankingBenchmark {

    private static final String[] QUERIES = {"iphone", "มือถือ", "samsung galaxy", "รองเท้า", "nike", "กระเป๋า",
            "honda wave", "จักรยาน", "sony", "โน้ตบุ๊ก", "canon", "นาฬิกา", "ipad", "เสื้อ", "lego", "พระเครื่อง"};

    private RankingBenchmark() {
    }

    static void run(Path dataDir, int candidates, int connections, int rate, Duration warmup, Duration duration,
                    List<String> endpoints) throws Exception {
        MercatorConfig config = ConfigLoader.load(null, Map.of(
                "MERCATOR_HTTP_HOST", "127.0.0.1", "MERCATOR_HTTP_PORT", "0",
                "MERCATOR_DATA_DIR", dataDir.toString(), "MERCATOR_DEMO_ENABLED", "true",
                "MERCATOR_RANKING_COMPONENTS_RECALL_MERGE_MAX_CANDIDATES", Integer.toString(candidates),
                // serving is measured: a retraining (a replay and a LightGBM fit) would share the two cores
                "MERCATOR_RETRAINING_ENABLED", "false",
                // image analysis (its head trains at first start) is measured by its own bench, not in this one
                "MERCATOR_VISION_ENABLED", "false"));
        long boot = System.nanoTime();
        try (Mercator m = Mercator.start(config).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES)) {
            m.booted().toCompletionStage().toCompletableFuture().get(20, TimeUnit.MINUTES);
            while (!m.readiness().check().toCompletionStage().toCompletableFuture().get().ready()) {
                Thread.sleep(200);
            }
            System.out.printf("ranking: ready %.1f s after start (data dir %s), max candidates %d, %d connections%n",
                    (System.nanoTime() - boot) / 1e9, dataDir, candidates, connections);
            SimulatedWorld world = world(config);
            List<String> users = world.userIds();
            SplittableRandom rng = new SplittableRandom(7);
            Supplier<String> feed = feedPaths(world, rng);
            Supplier<String> search = () -> {
                String u = users.get(rng.nextInt(users.size()));
                GeoPoint home = world.home(u);
                return "/search?q=" + URLEncoder.encode(QUERIES[rng.nextInt(QUERIES.length)], StandardCharsets.UTF_8)
                        + "&user_id=" + u + "&lat=" + home.lat() + "&lon=" + home.lon();
            };
            for (var endpoint : List.of(Map.entry("/feed", feed), Map.entry("/search", search))) {
                if (!endpoints.contains(endpoint.getKey())) {
                    continue;
                }
                // warm-up, not measured, until the JIT has compiled the request path: at full load...
                warmUp(String.format("%-7s warm-up at full load", endpoint.getKey()), warmup,
                        length -> LoadGenerator.run(m.port(), connections, length, Duration.ZERO, endpoint.getValue()));
                awaitQuiet(m);
                // ...then at the open loop's rate
                warmUp(String.format("%-7s warm-up at %d req/s", endpoint.getKey(), rate), warmup,
                        length -> LoadGenerator.runAtRate(m.port(), connections, rate, length, Duration.ZERO,
                                endpoint.getValue()));
                // open loop at a fixed rate: the latency a client sees at that load
                awaitQuiet(m);
                ComponentTimes before = ComponentTimes.snapshot(m.registry());
                LoadGenerator.Result open;
                String activity;
                try (JvmActivity jvm = new JvmActivity()) {
                    open = LoadGenerator.runAtRate(m.port(), connections, rate, warmup, duration, endpoint.getValue());
                    activity = jvm.summary() + "; " + jvm.cpu(open.answeredInAll());
                }
                System.out.printf("%-7s candidates<=%-5d open loop %d req/s, up to %d conns: %s%n%s%n"
                                + "  %s%n  during the run, warm-up included: %s%n", endpoint.getKey(),
                        candidates, rate, connections, open.summary(),
                        ComponentTimes.snapshot(m.registry()).since(before), open.latency().slowTimeline(), activity);
                // closed loop: the most the service sustains; latency then is mostly queueing (Little's law)
                awaitQuiet(m);
                LoadGenerator.Result closed;
                try (JvmActivity jvm = new JvmActivity()) {
                    closed = LoadGenerator.run(m.port(), connections, warmup, duration, endpoint.getValue());
                    activity = jvm.summary() + "; " + jvm.cpu(closed.answeredInAll());
                }
                System.out.printf("%-7s candidates<=%-5d closed loop, %d conns: %s%n  during the run, warm-up included: %s%n",
                        endpoint.getKey(), candidates, connections, closed.summary(), activity);
            }
        }
    }

    /** The same world the demo was seeded from, so each user is sent from their own home. */
    static SimulatedWorld world(MercatorConfig config) {
        return new SimulatedWorld(new SimulationConfig(config.demo().users(), config.demo().days(),
                config.demo().randomSeed(), System.currentTimeMillis()));
    }

    /** {@code /feed} for a random demo user at their home. */
    static Supplier<String> feedPaths(MercatorConfig config, SplittableRandom rng) {
        return feedPaths(world(config), rng);
    }

    private static Supplier<String> feedPaths(SimulatedWorld world, SplittableRandom rng) {
        List<String> users = world.userIds();
        return () -> {
            String u = users.get(rng.nextInt(users.size()));
            GeoPoint home = world.home(u);
            return "/feed?user_id=" + u + "&lat=" + home.lat() + "&lon=" + home.lon();
        };
    }

    /** Rounds of warm-up; the JIT counts as quiet when it compiled less than this in a round. */
    private static final Duration WARM_UP_ROUND = Duration.ofSeconds(5);
    private static final long QUIET_JIT_MS_PER_ROUND = 250;
    private static final Duration MAX_WARM_UP = Duration.ofMinutes(2);

    /** One round of load, not measured. */
    interface Round {
        void run(Duration length) throws InterruptedException;
    }

    /**
     * Runs {@code round} for at least {@code minimum}, then on in rounds of {@link #WARM_UP_ROUND}
     * until the JIT compilers spent less than {@link #QUIET_JIT_MS_PER_ROUND} ms of a round
     * compiling, or {@link #MAX_WARM_UP} has passed. On two cores the C2 compiler kept compiling
     * large request-path methods (a few hundred ms of a core each) for the first 40-50 s of load, and
     * again when the load changed shape (a fixed rate after full load); figures taken during that
     * measure the warm-up, not the service. Prints how long it took.
     */
    static void warmUp(String what, Duration minimum, Round round) throws InterruptedException {
        long start = System.nanoTime();
        var compiler = java.lang.management.ManagementFactory.getCompilationMXBean();
        boolean measurable = compiler != null && compiler.isCompilationTimeMonitoringSupported();
        round.run(minimum);
        long lastRoundMs = -1;
        while (measurable && System.nanoTime() - start < MAX_WARM_UP.toNanos()) {
            long before = compiler.getTotalCompilationTime();
            round.run(WARM_UP_ROUND);
            lastRoundMs = compiler.getTotalCompilationTime() - before;
            if (lastRoundMs < QUIET_JIT_MS_PER_ROUND) {
                break;
            }
        }
        System.out.printf("%s: %.0f s; JIT compiling in its last %d s: %s%n", what, (System.nanoTime() - start) / 1e9,
                WARM_UP_ROUND.toSeconds(), lastRoundMs < 0 ? "not measured" : lastRoundMs + " ms");
    }

    /**
     * Waits until the projections have applied every impression the last run wrote, so that each
     * run starts on a quiet service instead of paying for the one before.
     */
    static void awaitQuiet(Mercator m) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            var report = m.readiness().check().toCompletionStage().toCompletableFuture().get();
            if (report.ready() && report.lag().values().stream().allMatch(lag -> lag <= 0)) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("projections did not catch up within 5 minutes");
            }
            Thread.sleep(100);
        }
        awaitTextScreening(m);
        Thread.sleep(1_000);
    }

    /**
     * Waits until no listing's text waits for analysis: on a fresh data directory the service
     * screens every demo listing once (about 51,000), which would share the cores with what is
     * measured. Prints how long it took, once.
     */
    static void awaitTextScreening(Mercator m) throws Exception {
        var texts = m.text().listingTexts();
        if (texts.waitingCount() == 0) {
            return;
        }
        int before = texts.waitingCount();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MINUTES.toNanos(30);
        while (texts.waitingCount() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("text screening did not finish within 30 minutes");
            }
            Thread.sleep(500);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("text screening: %,d listings waited, analysed in %.1f s (%,.0f listings/s, two texts each)%n",
                before, seconds, before / seconds);
    }

    /**
     * Parses {@code [candidates...] [--connections N] [--rate R] [--seconds S] [--data-dir D] [--only /feed|/search]}.
     */
    static void main(List<String> args) throws Exception {
        List<Integer> candidates = new ArrayList<>();
        int connections = 32;
        int seconds = 30;
        int rate = 500;
        Path dataDir = Path.of("data");
        List<String> endpoints = new ArrayList<>(List.of("/feed", "/search"));
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--connections" -> connections = Integer.parseInt(args.get(++i));
                case "--seconds" -> seconds = Integer.parseInt(args.get(++i));
                case "--rate" -> rate = Integer.parseInt(args.get(++i));
                case "--data-dir" -> dataDir = Path.of(args.get(++i));
                case "--only" -> endpoints = List.of(args.get(++i));
                default -> candidates.add(Integer.parseInt(args.get(i)));
            }
        }
        if (candidates.isEmpty()) {
            candidates = List.of(200, 1000);
        }
        for (int c : candidates) {
            run(dataDir, c, connections, rate, Duration.ofSeconds(Math.max(5, seconds / 3)), Duration.ofSeconds(seconds),
                    endpoints);
        }
    }
}
