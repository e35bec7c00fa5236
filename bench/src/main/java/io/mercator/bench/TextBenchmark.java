package io.mercator.bench;

import io.mercator.catalog.Listing;
import io.mercator.service.Mercator;
import io.mercator.service.config.ConfigLoader;
import io.mercator.service.config.MercatorConfig;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code POST /analyze-text} and {@code POST /auto-reply} under load on the demo marketplace: the
 * texts are the demo listings' own titles and descriptions, joined and cut to 300 characters, one
 * in ten with a disguised contact written into it; the buyer messages are a fixed set of questions
 * (Thai and English) about demo listings. Prints, per endpoint, an open loop at a fixed rate (the
 * latency a client sees) and a closed loop (the most it sustains), with CPU per answer; then
 * batches of 100 texts per call. Asserts nothing.
 */
final class TextBenchmark {

    static final int TEXT_CHARS = 300;
    private static final String[] CONTACTS = {" ไลน์ s h o p 9 9 ", " โทร ๐๘๑-๒๓๔-๕๖๗๘ ", " add line: @deal.bkk ",
            " ig: vintage_bkk ", " โอนเข้าบัญชีโดยตรงลดให้ 5% ", " call O8l 555 7799 "};
    private static final String[] MESSAGES = {"ยังอยู่ไหมคะ", "ลดได้อีกไหมครับ", "ส่งต่างจังหวัดได้ไหม", "นัดรับได้ไหมครับ",
            "สภาพเป็นยังไงบ้างคะ มีตำหนิไหม", "จ่ายปลายทางได้ไหม", "Is this still available?", "Can you do a better price?",
            "Do you ship to Chiang Mai?", "Any scratches on it?", "Can we meet at BTS Asok?", "How do I pay?"};

    private TextBenchmark() {
    }

    static void main(List<String> args) throws Exception {
        int connections = 8;
        int seconds = 20;
        int rate = 200;
        Path dataDir = Path.of("data");
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--connections" -> connections = Integer.parseInt(args.get(++i));
                case "--seconds" -> seconds = Integer.parseInt(args.get(++i));
                case "--rate" -> rate = Integer.parseInt(args.get(++i));
                case "--data-dir" -> dataDir = Path.of(args.get(++i));
                default -> throw new IllegalArgumentException("unknown option " + args.get(i));
            }
        }
        run(dataDir, connections, rate, Duration.ofSeconds(Math.max(5, seconds / 3)), Duration.ofSeconds(seconds));
    }

    static void run(Path dataDir, int connections, int rate, Duration warmup, Duration duration) throws Exception {
        MercatorConfig config = ConfigLoader.load(null, Map.of(
                "MERCATOR_HTTP_HOST", "127.0.0.1", "MERCATOR_HTTP_PORT", "0",
                "MERCATOR_DATA_DIR", dataDir.toString(), "MERCATOR_DEMO_ENABLED", "true",
                "MERCATOR_RETRAINING_ENABLED", "false",
                // image analysis (its head trains at first start) is measured by its own bench, not in this one
                "MERCATOR_VISION_ENABLED", "false"));
        long boot = System.nanoTime();
        try (Mercator m = Mercator.start(config).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES)) {
            m.booted().toCompletionStage().toCompletableFuture().get(20, TimeUnit.MINUTES);
            RankingBenchmark.awaitQuiet(m);
            if (!m.text().engine().ready()) {
                throw new IllegalStateException("the text models did not load; see the log");
            }
            System.out.printf("text: ready %.1f s after start (data dir %s), text models %s, %d nlp workers, %d connections%n",
                    (System.nanoTime() - boot) / 1e9, dataDir, m.text().engine().modelVersion(), config.nlp().workers(), connections);
            List<Listing> listings = new ArrayList<>();
            m.catalog().forEachLive(listings::add);
            List<String> texts = texts(listings, new SplittableRandom(11));
            SplittableRandom rng = new SplittableRandom(7);
            Supplier<LoadGenerator.Call> one = () -> LoadGenerator.Call.postJson("/analyze-text", new JsonObject()
                    .put("text", texts.get(rng.nextInt(texts.size()))).put("context", "listing_description").encode());
            Supplier<LoadGenerator.Call> reply = () -> LoadGenerator.Call.postJson("/auto-reply", new JsonObject()
                    .put("message", MESSAGES[rng.nextInt(MESSAGES.length)])
                    .put("listing_id", listings.get(rng.nextInt(listings.size())).id()).encode());
            Supplier<LoadGenerator.Call> hundred = () -> {
                JsonArray items = new JsonArray();
                for (int i = 0; i < 100; i++) {
                    items.add(new JsonObject().put("text", texts.get(rng.nextInt(texts.size()))).put("context", "listing_description"));
                }
                return LoadGenerator.Call.postJson("/analyze-text", new JsonObject().put("items", items).encode());
            };
            measure(m, "/analyze-text (1 text of " + TEXT_CHARS + " chars)", one, connections, rate, warmup, duration);
            measure(m, "/auto-reply", reply, connections, rate, warmup, duration);
            // batches: closed loop only, one call per worker thread in flight
            int batchConnections = Math.max(1, config.nlp().workers());
            RankingBenchmark.warmUp("/analyze-text (100 texts) warm-up", warmup,
                    length -> LoadGenerator.runCalls(m.port(), batchConnections, length, Duration.ZERO, hundred));
            LoadGenerator.Result batch;
            String activity;
            try (JvmActivity jvm = new JvmActivity()) {
                batch = LoadGenerator.runCalls(m.port(), batchConnections, warmup, duration, hundred);
                activity = jvm.summary() + "; " + jvm.cpu(batch.answeredInAll() * 100);
            }
            System.out.printf("/analyze-text (100 texts per call) closed loop, %d conns: %s; %,.0f texts/s%n"
                            + "  during the run, warm-up included (CPU per text): %s%n",
                    batchConnections, batch.summary(), batch.requestsPerSecond() * 100, activity);
            Timer perText = m.registry().find("mercator.text.analysis").timer();
            if (perText != null) {
                StringBuilder pct = new StringBuilder();
                for (ValueAtPercentile v : perText.takeSnapshot().percentileValues()) {
                    pct.append(String.format(" p%.0f %.3f ms", v.percentile() * 100, v.value(TimeUnit.MILLISECONDS)));
                }
                System.out.printf("analysis time per text inside the engine, whole run: %,d texts, mean %.3f ms%s%n",
                        perText.count(), perText.mean(TimeUnit.MILLISECONDS), pct);
            }
        }
    }

    private static void measure(Mercator m, String what, Supplier<LoadGenerator.Call> calls, int connections, int rate,
                                Duration warmup, Duration duration) throws Exception {
        RankingBenchmark.warmUp(what + " warm-up at full load", warmup,
                length -> LoadGenerator.runCalls(m.port(), connections, length, Duration.ZERO, calls));
        RankingBenchmark.warmUp(what + " warm-up at " + rate + " req/s", warmup,
                length -> LoadGenerator.runCallsAtRate(m.port(), connections, rate, length, Duration.ZERO, calls));
        LoadGenerator.Result open;
        String activity;
        try (JvmActivity jvm = new JvmActivity()) {
            open = LoadGenerator.runCallsAtRate(m.port(), connections, rate, warmup, duration, calls);
            activity = jvm.summary() + "; " + jvm.cpu(open.answeredInAll());
        }
        System.out.printf("%s open loop %d req/s, up to %d conns: %s%n  during the run, warm-up included: %s%n",
                what, rate, connections, open.summary(), activity);
        LoadGenerator.Result closed;
        try (JvmActivity jvm = new JvmActivity()) {
            closed = LoadGenerator.runCalls(m.port(), connections, warmup, duration, calls);
            activity = jvm.summary() + "; " + jvm.cpu(closed.answeredInAll());
        }
        System.out.printf("%s closed loop, %d conns: %s%n  during the run, warm-up included: %s%n",
                what, connections, closed.summary(), activity);
    }

    /** The listings' own words, joined and cut to {@link #TEXT_CHARS}; one in ten with a disguised contact in it. */
    static List<String> texts(List<Listing> listings, SplittableRandom rng) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            StringBuilder b = new StringBuilder();
            while (b.length() < TEXT_CHARS) {
                Listing l = listings.get(rng.nextInt(listings.size()));
                b.append(l.title()).append(' ').append(l.description()).append(' ');
            }
            if (i % 10 == 0) {
                b.insert(rng.nextInt(TEXT_CHARS - 40), CONTACTS[rng.nextInt(CONTACTS.length)]);
            }
            out.add(b.substring(0, TEXT_CHARS));
        }
        return out;
    }
}
