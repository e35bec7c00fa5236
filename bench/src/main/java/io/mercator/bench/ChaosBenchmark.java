package io.mercator.bench;

import io.mercator.catalog.Listing;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.events.log.kafka.KafkaBrokerProcess;
import io.mercator.events.log.kafka.KafkaEventLog;
import io.mercator.recall.milvus.MilvusProtocolDouble;
import io.mercator.service.Mercator;
import io.mercator.service.config.ConfigLoader;
import io.mercator.service.config.MercatorConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code ./mercator bench chaos}: Mercator on the production backends, started here (a Kafka broker
 * and the text and image services in JVMs of their own, redis-server with an append-only file
 * (written before each answer, fsynced each second: a killed process loses nothing it acknowledged),
 * Elasticsearch, the Milvus protocol double), under a fixed rate of {@code /feed} and
 * {@code /search} with events flowing ({@code POST /events}: clicks and new listings) and a probe of
 * {@code /analyze-text} and {@code /analyze-image} each second. Each backend in turn is killed
 * with SIGKILL (the double: its server cut), left down, and started again. Prints, per phase, the
 * reads' success rate (a 200 whose body has an {@code items} array), the fraction degraded and
 * their p99, what the events and probes got, and after each return how long until nothing showed
 * the backend missing; last, the acknowledged events missing from the log. Asserts nothing.
 */
final class ChaosBenchmark {

    private static final String[] QUERIES = {"iphone", "มือถือ", "samsung", "รองเท้า", "nike", "กระเป๋า",
            "honda", "จักรยาน", "sony", "canon", "นาฬิกา", "ipad", "เสื้อ", "lego"};
    /** How long a return is watched for trouble before the next backend goes. */
    private static final Duration CLEAN_FOR = Duration.ofSeconds(10);
    /**
     * Traffic before the steady phase, at least {@link #WARM_UP}, then until no more than
     * {@link #SETTLED_DEGRADED} of the reads over the last {@link #SETTLED_OVER} fell back (the JIT,
     * the connection pools, the first screening of every seeded listing's text), at most
     * {@link #MAX_WARM_UP}. Shown, not part of the steady level.
     */
    private static final Duration WARM_UP = Duration.ofSeconds(30);
    private static final Duration SETTLED_OVER = Duration.ofSeconds(10);
    private static final double SETTLED_DEGRADED = 0.10;
    private static final Duration MAX_WARM_UP = Duration.ofMinutes(5);
    private static final Duration MAX_RECOVERY = Duration.ofSeconds(120);

    /**
     * One backend the run kills and brings back. {@code watched}: the answers that can show it
     * missing; {@code hurt}: those that do.
     */
    record Fault(String name, Action kill, Action restore, Predicate<Traffic.Sample> watched,
                         Predicate<Traffic.Sample> hurt) {

        /** A fault seen in the reads: a failed read, or one whose response names one of these components as fallen back. */
        static Fault inReads(String name, Action kill, Action restore, Set<String> components) {
            return new Fault(name, kill, restore, Traffic.Sample::isRead, s -> !s.ok()
                    || java.util.Arrays.stream(s.degraded().split(",")).anyMatch(components::contains));
        }

        /** A fault seen in the answers of one kind of call: any that is not a valid 2xx. */
        static Fault inCalls(String name, Action kill, Action restore, Traffic.Kind kind) {
            return new Fault(name, kill, restore, s -> s.kind() == kind, s -> !s.ok());
        }
    }

    /** What reads from the online store; what from the keyword and the vector index. */
    static final Set<String> REDIS_COMPONENTS = Set.of("hydration", "user-features", "popular-in-region",
            "trending-globally");
    /** One-second windows after a return; a window counts as troubled above the steady level plus this. */
    private static final double TROUBLE_MARGIN = 0.05;
    private static final Duration WINDOW = Duration.ofSeconds(1);

    interface Action {
        void run() throws Exception;
    }

    /** A stretch of the run: samples sent in [from, to) belong to it; {@code back} is when the backend answered again. */
    private record Phase(String name, Fault fault, long from, long to, long back) {
    }

    private ChaosBenchmark() {
    }

    static void main(List<String> args) throws Exception {
        int rate = 40;
        int eventRate = 5;
        int outage = 20;
        int users = 1000;
        int days = 3;
        Path dataDir = Path.of("data-bench-chaos");
        Path esHome = Path.of("recall/target/elasticsearch/elasticsearch-8.19.21");
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--rate" -> rate = Integer.parseInt(args.get(++i));
                case "--event-rate" -> eventRate = Integer.parseInt(args.get(++i));
                case "--outage" -> outage = Integer.parseInt(args.get(++i));
                case "--users" -> users = Integer.parseInt(args.get(++i));
                case "--days" -> days = Integer.parseInt(args.get(++i));
                case "--data-dir" -> dataDir = Path.of(args.get(++i));
                case "--es-home" -> esHome = Path.of(args.get(++i));
                default -> throw new IllegalArgumentException("unknown option " + args.get(i));
            }
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path home = dataDir.toAbsolutePath();
        long started = System.nanoTime();
        try (KafkaBrokerProcess kafka = KafkaBrokerProcess.start();
             ExternalServer redis = ExternalServer.redis(true);
             ExternalServer es = ExternalServer.elasticsearch(esHome.toAbsolutePath(), "esci");
             MilvusProtocolDouble milvus = new MilvusProtocolDouble().start();
             ServiceJvm text = ServiceJvm.start("nlp", home.resolve("nlp"), "MERCATOR_NLP_PORT", Map.of(), List.of("--no-log"));
             ServiceJvm vision = ServiceJvm.start("vision", home.resolve("vision"), "MERCATOR_VISION_PORT", Map.of(), List.of())) {
            System.out.printf("backends up %.0f s after start: kafka %s, redis :%d (append-only file),"
                            + " elasticsearch :%d, vector store %s (the Milvus protocol double), text %s, images %s%n",
                    (System.nanoTime() - started) / 1e9, kafka.bootstrapServers(), redis.port(), es.port(), milvus.uri(),
                    text.url(), vision.url());
            String prefix = "chaos-" + run;
            Map<String, String> env = new HashMap<>();
            env.putAll(Map.of("MERCATOR_HTTP_HOST", "127.0.0.1", "MERCATOR_HTTP_PORT", "0",
                    "MERCATOR_DATA_DIR", home.resolve("service-" + run).toString(), "MERCATOR_DEMO_ENABLED", "true",
                    "MERCATOR_DEMO_USERS", Integer.toString(users), "MERCATOR_DEMO_DAYS", Integer.toString(days),
                    "MERCATOR_RETRAINING_ENABLED", "false"));
            env.putAll(Map.of("MERCATOR_LOG_BACKEND", "kafka", "MERCATOR_LOG_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "MERCATOR_LOG_KAFKA_TOPIC_PREFIX", prefix, "MERCATOR_LOG_KAFKA_PARTITIONS", "4",
                    "MERCATOR_LOG_KAFKA_REPLICATION_FACTOR", "1", "MERCATOR_LOG_KAFKA_APPEND_TIMEOUT_MS", "3000",
                    "MERCATOR_STORE_BACKEND", "redis", "MERCATOR_STORE_REDIS_URL", "redis://127.0.0.1:" + redis.port()));
            env.putAll(Map.of("MERCATOR_KEYWORD_RECALL_BACKEND", "elasticsearch",
                    "MERCATOR_KEYWORD_RECALL_ELASTICSEARCH_HOSTS", "http://127.0.0.1:" + es.port(),
                    "MERCATOR_KEYWORD_RECALL_ELASTICSEARCH_INDEX", "chaos-" + run,
                    "MERCATOR_VECTOR_RECALL_BACKEND", "milvus", "MERCATOR_VECTOR_RECALL_MILVUS_URI", milvus.uri(),
                    "MERCATOR_VECTOR_RECALL_MILVUS_COLLECTION", "chaos_" + run,
                    "MERCATOR_NLP_MODE", "remote", "MERCATOR_NLP_URL", text.url(),
                    "MERCATOR_VISION_MODE", "remote", "MERCATOR_VISION_URL", vision.url()));
            MercatorConfig config = ConfigLoader.load(null, env);
            long boot = System.nanoTime();
            try (Mercator m = Mercator.start(config).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES)) {
                m.booted().toCompletionStage().toCompletableFuture().get(30, TimeUnit.MINUTES);
                awaitReady(m);
                System.out.printf("mercator: ready %.0f s after start (%d users, %d days seeded into Kafka)%n",
                        (System.nanoTime() - boot) / 1e9, users, days);
                List<Fault> faults = List.of(
                        Fault.inCalls("kafka", kafka::kill, kafka::restart, Traffic.Kind.EVENTS),
                        Fault.inReads("redis", redis::kill, redis::restart, REDIS_COMPONENTS),
                        Fault.inReads("elasticsearch", es::kill, es::restart, Set.of("keyword-recall")),
                        Fault.inReads("vector store", milvus::stop, milvus::start, Set.of("vector-recall")),
                        Fault.inCalls("text service", text::kill, text::restart, Traffic.Kind.TEXT),
                        Fault.inCalls("image service", vision::kill, vision::restart, Traffic.Kind.IMAGE));
                run(m, config, faults, rate, eventRate, Duration.ofSeconds(outage), prefix, kafka.bootstrapServers(),
                        new DirectProbe("elasticsearch", "http://127.0.0.1:" + es.port() + "/chaos-" + run + "/_search"));
            }
        }
    }

    private static void awaitReady(Mercator m) throws Exception {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (!m.readiness().check().toCompletionStage().toCompletableFuture().get().ready()) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("not ready within 30 minutes");
            }
            Thread.sleep(200);
        }
    }

    /**
     * Times a small search sent straight to a backend every 250 ms while it is watched after its
     * return, bypassing the service: whether the backend itself was slow, or the service's client
     * was slow to use it again.
     */
    static final class DirectProbe {
        private final String fault;
        private final java.net.URI uri;
        private final java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        private final List<String> timings = java.util.Collections.synchronizedList(new ArrayList<>());
        private volatile boolean running;

        DirectProbe(String fault, String url) {
            this.fault = fault;
            this.uri = java.net.URI.create(url);
        }

        void start() {
            running = true;
            Thread.ofPlatform().daemon().name("direct-probe").start(() -> {
                while (running) {
                    long t = System.nanoTime();
                    String outcome;
                    try {
                        var r = client.send(java.net.http.HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2))
                                .header("content-type", "application/json")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                        "{\"size\":20,\"_source\":false,\"query\":{\"match\":{\"title\":\"iphone\"}}}"))
                                .build(), java.net.http.HttpResponse.BodyHandlers.discarding());
                        outcome = r.statusCode() == 200 ? String.format("%.0f", (System.nanoTime() - t) / 1e6) : "s" + r.statusCode();
                    } catch (Exception e) {
                        outcome = "x";
                    }
                    timings.add(outcome);
                    try {
                        Thread.sleep(Math.max(0, 250 - (System.nanoTime() - t) / 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        String stop() {
            running = false;
            return String.format("  %-20s search sent straight to it every 250 ms after the return, ms (x: failed): %s",
                    "", String.join(" ", timings));
        }
    }

    private static void run(Mercator m, MercatorConfig config, List<Fault> faults, int rate, int eventRate,
                            Duration outage, String prefix, String bootstrap, DirectProbe probe) throws Exception {
        List<Listing> live = new ArrayList<>();
        m.catalog().forEachLive(live::add);
        SplittableRandom rng = new SplittableRandom(7);
        Supplier<String> feed = RankingBenchmark.feedPaths(config, new SplittableRandom(11));
        Supplier<Traffic.Call> reads = () -> {
            String path = feed.get();
            return rng.nextBoolean() ? Traffic.Call.get(Traffic.Kind.FEED, path)
                    : Traffic.Call.get(Traffic.Kind.SEARCH, path.replace("/feed?", "/search?q="
                    + URLEncoder.encode(QUERIES[rng.nextInt(QUERIES.length)], StandardCharsets.UTF_8) + "&"));
        };
        int[] seq = {0};
        Supplier<Traffic.Call> events = () -> Traffic.Call.events(eventBatch(live, rng, seq));
        Buffer photo = photo();
        Supplier<Traffic.Call> textProbe = () -> Traffic.Call.post(Traffic.Kind.TEXT, "/analyze-text",
                Buffer.buffer(new JsonObject().put("text", "ขาย iphone 13 มือสอง สภาพดี ทักไลน์ได้เลย").encode()), "application/json");
        Supplier<Traffic.Call> imageProbe = () -> Traffic.Call.post(Traffic.Kind.IMAGE, "/analyze-image", photo, "image/jpeg");

        List<Phase> phases = new ArrayList<>();
        String probeTimeline = null;
        try (Traffic traffic = Traffic.start(m.port(), List.of(
                new Traffic.Stream(rate, reads), new Traffic.Stream(eventRate, events),
                new Traffic.Stream(1, textProbe), new Traffic.Stream(1, imageProbe)))) {
            System.out.printf("traffic: %d reads/s (/feed and /search), %d event batches/s (8 clicks, 2 new listings),"
                    + " 1 /analyze-text and 1 /analyze-image per second%n", rate, eventRate);
            long t = System.nanoTime();
            // until the service has settled: the JIT, and the text screening of every seeded listing
            Thread.sleep(WARM_UP.toMillis());
            while (System.nanoTime() - t < MAX_WARM_UP.toNanos()) {
                long now = System.nanoTime();
                long recent = now - SETTLED_OVER.toNanos();
                List<Traffic.Sample> last = traffic.samples().stream()
                        .filter(s -> s.isRead() && s.sentNanos() >= recent && s.sentNanos() < now).toList();
                if (last.stream().filter(s -> !s.degraded().isEmpty()).count() <= SETTLED_DEGRADED * last.size()) {
                    break;
                }
                Thread.sleep(SETTLED_OVER.toMillis());
            }
            phases.add(new Phase("warm-up", null, t, System.nanoTime(), 0));
            t = System.nanoTime();
            Thread.sleep(outage.toMillis());
            Phase steady = new Phase("steady", null, t, System.nanoTime(), 0);
            phases.add(steady);
            for (Fault f : faults) {
                long down = System.nanoTime();
                f.kill().run();
                System.out.printf("%s killed%n", f.name());
                Thread.sleep(outage.toMillis());
                long restoring = System.nanoTime();
                f.restore().run();
                long back = System.nanoTime();
                System.out.printf("%s back, %.1f s to start%n", f.name(), (back - restoring) / 1e9);
                boolean probing = f.name().equals(probe.fault);
                if (probing) {
                    probe.start();
                }
                phases.add(new Phase(f.name() + " down", null, down, back, 0));
                // watched until its answers have looked as in steady state for CLEAN_FOR
                double normal = troubledFraction(traffic.samples(), f, steady.from(), steady.to());
                while (true) {
                    Thread.sleep(1000);
                    long now = System.nanoTime();
                    long recovered = recoveredAt(traffic.samples(), f, back, now, normal);
                    if (now - recovered >= CLEAN_FOR.toNanos() || now - back >= MAX_RECOVERY.toNanos()) {
                        break;
                    }
                }
                phases.add(new Phase(f.name() + " back", f, back, System.nanoTime(), back));
                if (probing) {
                    probeTimeline = probe.stop();
                }
            }
            traffic.stopAndDrain(Duration.ofSeconds(30));
            report(phases, steady, traffic, prefix, bootstrap);
            if (probeTimeline != null) {
                System.out.println(probe.fault + " after its return:");
                System.out.println(probeTimeline);
            }
        }
    }

    /** Of the answers sent in [from, to) that can show the fault, the fraction that do. */
    static double troubledFraction(List<Traffic.Sample> samples, Fault f, long from, long to) {
        long watched = 0;
        long hurt = 0;
        for (Traffic.Sample s : samples) {
            if (s.sentNanos() >= from && s.sentNanos() < to && f.watched().test(s)) {
                watched++;
                if (f.hurt().test(s)) {
                    hurt++;
                }
            }
        }
        return watched == 0 ? 0 : (double) hurt / watched;
    }

    /**
     * When the backend counts as recovered: the end of the last one-second window after its return
     * (up to {@code until}) in which more of the watched answers showed it missing than in steady
     * state plus {@link #TROUBLE_MARGIN}; its return itself when no window did.
     */
    static long recoveredAt(List<Traffic.Sample> samples, Fault f, long back, long until, double normal) {
        long recovered = back;
        for (long w = back; w + WINDOW.toNanos() <= until; w += WINDOW.toNanos()) {
            if (troubledFraction(samples, f, w, w + WINDOW.toNanos()) > normal + TROUBLE_MARGIN) {
                recovered = w + WINDOW.toNanos();
            }
        }
        return recovered;
    }

    private static void report(List<Phase> phases, Phase steady, Traffic traffic, String prefix, String bootstrap)
            throws Exception {
        List<Traffic.Sample> all = traffic.samples();
        Set<String> inLog = eventIdsInLog(prefix, bootstrap);
        System.out.println();
        System.out.println("| phase | s | reads | success | degraded | p99 ms | event batches acked / sent | acked events lost | text probes ok | image probes ok | recovered after |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        List<String> details = new ArrayList<>();
        for (Phase p : phases) {
            List<Traffic.Sample> in = all.stream().filter(s -> s.sentNanos() >= p.from() && s.sentNanos() < p.to()).toList();
            String recovered = "";
            if (p.fault() != null) {
                double normal = troubledFraction(all, p.fault(), steady.from(), steady.to());
                long at = recoveredAt(all, p.fault(), p.back(), p.to(), normal);
                recovered = String.format("%.0f s", (at - p.back()) / 1e9);
            }
            Map<String, Long> components = new java.util.TreeMap<>();
            Map<String, Long> refusals = new java.util.TreeMap<>();
            for (Traffic.Sample s : in) {
                if (s.isRead() && !s.degraded().isEmpty()) {
                    for (String c : s.degraded().split(",")) {
                        components.merge(c, 1L, Long::sum);
                    }
                }
                if (!s.ok()) {
                    refusals.merge(s.kind() + " " + s.status(), 1L, Long::sum);
                }
            }
            details.add(String.format("  %-20s reads naming a component as fallen back %s; answers not ok %s", p.name(),
                    components, refusals));
            if (p.fault() != null) {
                StringBuilder timeline = new StringBuilder();
                for (long w = p.back(); w + WINDOW.toNanos() <= p.to(); w += WINDOW.toNanos()) {
                    timeline.append(String.format(" %.0f", 100 * troubledFraction(all, p.fault(), w, w + WINDOW.toNanos())));
                }
                details.add(String.format("  %-20s %% of its watched answers showing it missing, second by second after"
                        + " the return (steady: %.0f):%s", "", 100 * troubledFraction(all, p.fault(), steady.from(), steady.to()),
                        timeline));
            }
            long lost = in.stream().filter(s -> s.kind() == Traffic.Kind.EVENTS && s.ok())
                    .flatMap(s -> s.eventIds().stream()).filter(id -> !inLog.contains(id)).count();
            System.out.printf("| %s | %.0f | %s | %s | %s | %s | %s | %d | %s | %s | %s |%n", p.name(), (p.to() - p.from()) / 1e9,
                    count(in, Traffic.Sample::isRead), rate(in, Traffic.Sample::isRead, Traffic.Sample::ok),
                    rate(in, Traffic.Sample::isRead, s -> !s.degraded().isEmpty()), p99(in),
                    ratio(in, Traffic.Kind.EVENTS), lost, ratio(in, Traffic.Kind.TEXT), ratio(in, Traffic.Kind.IMAGE), recovered);
        }
        System.out.println();
        details.forEach(System.out::println);
        long reads = all.stream().filter(Traffic.Sample::isRead).count();
        long readsOk = all.stream().filter(s -> s.isRead() && s.ok()).count();
        Map<String, Long> failures = new java.util.TreeMap<>();
        all.stream().filter(s -> s.isRead() && !s.ok()).forEach(s -> failures.merge(s.kind() + " " + s.status(), 1L, Long::sum));
        System.out.printf("%nreads over the whole run: %,d, success %.4f%% (failures %s)%n", reads,
                100.0 * readsOk / Math.max(1, reads), failures);
        Set<String> acked = traffic.acknowledgedEventIds();
        long lost = acked.stream().filter(id -> !inLog.contains(id)).count();
        System.out.printf("events: %,d acknowledged (202), %,d of them missing from the log after the run%n", acked.size(), lost);
    }

    private static String count(List<Traffic.Sample> in, Predicate<Traffic.Sample> which) {
        return String.format("%,d", in.stream().filter(which).count());
    }

    private static String rate(List<Traffic.Sample> in, Predicate<Traffic.Sample> which, Predicate<Traffic.Sample> good) {
        long n = in.stream().filter(which).count();
        long k = in.stream().filter(which).filter(good).count();
        return n == 0 ? "-" : String.format("%.2f%%", 100.0 * k / n);
    }

    private static String p99(List<Traffic.Sample> in) {
        long[] lat = in.stream().filter(Traffic.Sample::isRead).mapToLong(Traffic.Sample::latencyNanos).sorted().toArray();
        return lat.length == 0 ? "-" : String.format("%.1f", lat[Math.min(lat.length - 1, (int) Math.ceil(lat.length * 0.99) - 1)] / 1e6);
    }

    private static String ratio(List<Traffic.Sample> in, Traffic.Kind kind) {
        long n = in.stream().filter(s -> s.kind() == kind).count();
        long ok = in.stream().filter(s -> s.kind() == kind && s.ok()).count();
        return ok + " / " + n;
    }

    /** Every event id in the log, read from a client of its own once the run is over. */
    private static Set<String> eventIdsInLog(String prefix, String bootstrap) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            KafkaEventLog log = KafkaEventLog.start(vertx, KafkaEventLog.Options.defaults(bootstrap).withTopicPrefix(prefix)
                    .withTopology(4, 1).withClientId("chaos-audit")).toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
            try {
                Set<String> ids = new HashSet<>();
                for (LogPartition p : log.partitions().toCompletionStage().toCompletableFuture().get()) {
                    long end = log.endOffset(p).toCompletionStage().toCompletableFuture().get();
                    for (long at = 0; at < end; ) {
                        List<LogRecord> batch = log.read(p, at, 4096, Duration.ofSeconds(1))
                                .toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
                        if (batch.isEmpty()) {
                            break;
                        }
                        batch.forEach(r -> ids.add(r.event().id()));
                        at = batch.getLast().offset() + 1;
                    }
                }
                return ids;
            } finally {
                log.close();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** Eight clicks on live listings by demo users, and two new listings. */
    private static JsonArray eventBatch(List<Listing> live, SplittableRandom rng, int[] seq) {
        JsonArray batch = new JsonArray();
        long now = System.currentTimeMillis();
        for (int i = 0; i < 10; i++) {
            String id = "chaos-" + (++seq[0]);
            if (i < 8) {
                Listing l = live.get(rng.nextInt(live.size()));
                batch.add(new JsonObject().put("id", id).put("type", "interaction.click").put("v", 1).put("ts", now)
                        .put("key", "user-%06d".formatted(1 + rng.nextInt(1000)))
                        .put("data", new JsonObject().put("requestId", "r-" + id).put("listingId", l.id())));
            } else {
                String listing = "L-" + id;
                batch.add(new JsonObject().put("id", id).put("type", "listing.published").put("v", 1).put("ts", now)
                        .put("key", listing).put("data", new JsonObject().put("sellerId", "S-chaos-" + rng.nextInt(50))
                                .put("title", "Camera " + id).put("description", "used, works, lens included").put("lang", "en")
                                .put("category", "cameras").put("price", 9000).put("condition", "good").put("stock", 1)
                                .put("photos", new JsonArray().add("p/1.jpg")).put("province", "Bangkok")
                                .put("lat", 13.75).put("lon", 100.5)));
            }
        }
        return batch;
    }

    /** A 320x240 JPEG of coloured bands: a photo the image service analyses like any other. */
    private static Buffer photo() throws Exception {
        BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        for (int i = 0; i < 8; i++) {
            g.setColor(new Color(30 * i, 255 - 25 * i, 90 + 15 * i));
            g.fillRect(i * 40, 0, 40, 240);
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return Buffer.buffer(out.toByteArray());
    }
}
