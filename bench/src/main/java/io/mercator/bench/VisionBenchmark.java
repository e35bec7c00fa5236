package io.mercator.bench;

import io.mercator.catalog.Listing;
import io.mercator.service.Mercator;
import io.mercator.service.config.ConfigLoader;
import io.mercator.service.config.MercatorConfig;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.buffer.Buffer;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code ./mercator bench vision}: {@code /analyze-image} on 1-megapixel JPEGs (decoding included),
 * open loop at a fixed rate and closed loop for throughput, then {@code /feed} at its own rate
 * alone and again while photos are analysed beside it. The photos are clothing-small validation
 * photos scaled up to 1152x864 and re-encoded (quality 0.9), each posted for a demo listing, so the
 * near-duplicate index, the photo events and the moderation path run as in service. Last,
 * {@code /ekyc-match} on pairs of one-megapixel JPEGs ({@link EkycPairs}), open and closed loop.
 */
final class VisionBenchmark {

    static final String BOUNDARY = "mercatorbenchboundary7f3a";

    /** 1152 x 864 = 995,328 pixels: one megapixel, 4:3. */
    static final int WIDTH = 1152;
    static final int HEIGHT = 864;

    private VisionBenchmark() {
    }

    static void main(List<String> args) throws Exception {
        int rate = 10;
        int ekycRate = 4;
        Path faces = Path.of(".mercator/models/face-samples");
        int feedRate = 300;
        int seconds = 20;
        Path dataDir = Path.of("data");
        Path photos = Path.of("../shared/data/vision/clothing-small");
        String runtime = "onnx_runtime";
        String niceness = null;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--rate" -> rate = Integer.parseInt(args.get(++i));
                case "--feed-rate" -> feedRate = Integer.parseInt(args.get(++i));
                case "--ekyc-rate" -> ekycRate = Integer.parseInt(args.get(++i));
                case "--faces" -> faces = Path.of(args.get(++i));
                case "--seconds" -> seconds = Integer.parseInt(args.get(++i));
                case "--data-dir" -> dataDir = Path.of(args.get(++i));
                case "--photos" -> photos = Path.of(args.get(++i));
                case "--backbone-runtime" -> runtime = args.get(++i);
                case "--worker-niceness" -> niceness = args.get(++i);
                default -> throw new IllegalArgumentException("unknown option " + args.get(i));
            }
        }
        run(dataDir, photos, faces, runtime, niceness, rate, ekycRate, feedRate, Duration.ofSeconds(Math.max(5, seconds / 3)),
                Duration.ofSeconds(seconds));
    }

    static void run(Path dataDir, Path photos, Path faces, String runtime, String niceness, int rate, int ekycRate, int feedRate,
                    Duration warmup, Duration duration) throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "MERCATOR_HTTP_HOST", "127.0.0.1", "MERCATOR_HTTP_PORT", "0",
                "MERCATOR_DATA_DIR", dataDir.toString(), "MERCATOR_DEMO_ENABLED", "true",
                "MERCATOR_RETRAINING_ENABLED", "false",
                "MERCATOR_VISION_CLOTHING_DATA", photos.toString(), "MERCATOR_VISION_BACKBONE_RUNTIME", runtime));
        if (niceness != null) {
            settings.put("MERCATOR_VISION_WORKER_NICENESS", niceness);
        }
        MercatorConfig config = ConfigLoader.load(null, settings);
        long boot = System.nanoTime();
        try (Mercator m = Mercator.start(config).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES)) {
            m.booted().toCompletionStage().toCompletableFuture().get(20, TimeUnit.MINUTES);
            RankingBenchmark.awaitQuiet(m);
            // on a data directory without a registered head, the first start trains one (minutes)
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
            while (!m.vision().engine().ready()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the image models did not load within 30 minutes; see the log");
                }
                Thread.sleep(500);
            }
            System.out.printf("vision: ready %.1f s after start (data dir %s), models %s, %d vision workers at nice %d%n",
                    (System.nanoTime() - boot) / 1e9, dataDir, m.vision().engine().modelVersion(), config.vision().workers(),
                    config.vision().workerNiceness());

            List<Buffer> jpegs = megapixelJpegs(photos.resolve("validation"), 40);
            System.out.printf("photos: %d JPEGs of %dx%d (%.2f MP), mean %.0f KB%n", jpegs.size(), WIDTH, HEIGHT,
                    WIDTH * HEIGHT / 1e6, jpegs.stream().mapToInt(Buffer::length).average().orElse(0) / 1024);
            List<Listing> listings = new ArrayList<>();
            m.catalog().forEachLive(listings::add);
            SplittableRandom rng = new SplittableRandom(7);
            Supplier<LoadGenerator.Call> image = () -> {
                Listing l = listings.get(rng.nextInt(listings.size()));
                return LoadGenerator.Call.post("/analyze-image?listing_id=" + l.id() + "&seller_id=" + l.sellerId(),
                        jpegs.get(rng.nextInt(jpegs.size())), "image/jpeg");
            };
            int workers = config.vision().workers();

            // /analyze-image alone
            RankingBenchmark.warmUp("/analyze-image warm-up at full load", warmup,
                    length -> LoadGenerator.runCalls(m.port(), workers, length, Duration.ZERO, image));
            RankingBenchmark.warmUp("/analyze-image warm-up at " + rate + " req/s", warmup,
                    length -> LoadGenerator.runCallsAtRate(m.port(), 4, rate, length, Duration.ZERO, image));
            RankingBenchmark.awaitQuiet(m);
            Map<String, double[]> stagesBefore = stages(m);
            LoadGenerator.Result open;
            String activity;
            try (JvmActivity jvm = new JvmActivity()) {
                open = LoadGenerator.runCallsAtRate(m.port(), 4, rate, warmup, duration, image);
                activity = jvm.summary() + "; " + jvm.cpu(open.answeredInAll());
            }
            System.out.printf("/analyze-image (1 MP JPEG) open loop %d req/s, up to 4 conns: %s%n"
                    + "  during the run, warm-up included: %s%n", rate, open.summary(), activity);
            System.out.println("  time per stage inside the service, whole run so far: " + stageSummary(m, stagesBefore)
                    + String.format("%n    (near_duplicates: a scan of %,d indexed photos by the end)", m.vision().photos().index().size()));
            RankingBenchmark.awaitQuiet(m);
            LoadGenerator.Result closed;
            try (JvmActivity jvm = new JvmActivity()) {
                closed = LoadGenerator.runCalls(m.port(), workers, warmup, duration, image);
                activity = jvm.summary() + "; " + jvm.cpu(closed.answeredInAll());
            }
            System.out.printf("/analyze-image (1 MP JPEG) closed loop, %d conns: %s; %.1f images/s%n"
                    + "  during the run, warm-up included: %s%n", workers, closed.summary(), closed.requestsPerSecond(), activity);

            // /feed alone, then /feed with photos analysed beside it
            Supplier<String> feed = RankingBenchmark.feedPaths(config, new SplittableRandom(11));
            RankingBenchmark.warmUp("/feed warm-up at " + feedRate + " req/s", warmup,
                    length -> LoadGenerator.runAtRate(m.port(), 32, feedRate, length, Duration.ZERO, feed));
            RankingBenchmark.awaitQuiet(m);
            LoadGenerator.Result feedAlone = LoadGenerator.runAtRate(m.port(), 32, feedRate, warmup, duration, feed);
            System.out.printf("/feed open loop %d req/s alone: %s%n", feedRate, feedAlone.summary());
            RankingBenchmark.awaitQuiet(m);
            CompletableFuture<LoadGenerator.Result> photosBeside = CompletableFuture.supplyAsync(() -> {
                try {
                    return LoadGenerator.runCallsAtRate(m.port(), 4, rate, warmup, duration, image);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            LoadGenerator.Result feedBeside;
            try (JvmActivity jvm = new JvmActivity()) {
                feedBeside = LoadGenerator.runAtRate(m.port(), 32, feedRate, warmup, duration, feed);
                activity = jvm.summary();
            }
            LoadGenerator.Result imagesBeside = photosBeside.get(duration.plus(warmup).toSeconds() + 120, TimeUnit.SECONDS);
            System.out.printf("/feed open loop %d req/s with /analyze-image at %d req/s beside it: %s%n"
                            + "  /analyze-image at the same time: %s%n  during the run, warm-up included: %s%n",
                    feedRate, rate, feedBeside.summary(), imagesBeside.summary(), activity);

            // /ekyc-match last, so that /feed's figures compare with the runs before it existed:
            // an ID photo and a selfie of one face, both one megapixel
            List<Buffer> checks = EkycPairs.multipartBodies(faces, BOUNDARY, 16);
            System.out.printf("identity checks: %d pairs of 1 MP JPEGs (ID photo and selfie of one face, from %s)%n", checks.size(), faces);
            Supplier<LoadGenerator.Call> ekyc = () -> LoadGenerator.Call.post("/ekyc-match?seller_id=" + listings.get(rng.nextInt(listings.size()))
                    .sellerId(), checks.get(rng.nextInt(checks.size())), "multipart/form-data; boundary=" + BOUNDARY);
            RankingBenchmark.warmUp("/ekyc-match warm-up at " + ekycRate + " req/s", warmup,
                    length -> LoadGenerator.runCallsAtRate(m.port(), 4, ekycRate, length, Duration.ZERO, ekyc));
            RankingBenchmark.awaitQuiet(m);
            LoadGenerator.Result ekycOpen;
            try (JvmActivity jvm = new JvmActivity()) {
                ekycOpen = LoadGenerator.runCallsAtRate(m.port(), 4, ekycRate, warmup, duration, ekyc);
                activity = jvm.summary() + "; " + jvm.cpu(ekycOpen.answeredInAll());
            }
            System.out.printf("/ekyc-match (two 1 MP JPEGs) open loop %d req/s, up to 4 conns: %s%n"
                    + "  during the run, warm-up included: %s%n", ekycRate, ekycOpen.summary(), activity);
            RankingBenchmark.awaitQuiet(m);
            LoadGenerator.Result ekycClosed = LoadGenerator.runCalls(m.port(), workers, warmup, duration, ekyc);
            System.out.printf("/ekyc-match closed loop, %d conns: %s; %.1f checks/s%n", workers, ekycClosed.summary(),
                    ekycClosed.requestsPerSecond());

        }
    }

    /** Up to {@code count} photos across the classes, scaled to one megapixel and encoded as JPEG, in memory. */
    static List<Buffer> megapixelJpegs(Path dir, int count) throws IOException {
        List<Path> files;
        try (Stream<Path> all = Files.walk(dir)) {
            files = all.filter(p -> p.toString().toLowerCase().endsWith(".jpg")).sorted(Comparator.naturalOrder()).toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no .jpg photos under " + dir);
        }
        List<Buffer> out = new ArrayList<>();
        int step = Math.max(1, files.size() / count);
        for (int i = 0; i < files.size() && out.size() < count; i += step) {
            BufferedImage source = ImageIO.read(files.get(i).toFile());
            if (source == null) {
                continue;
            }
            BufferedImage scaled = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = scaled.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(source, 0, 0, WIDTH, HEIGHT, null);
            g.dispose();
            out.add(Buffer.buffer(jpeg(scaled, 0.9f)));
        }
        return out;
    }

    private static byte[] jpeg(BufferedImage image, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Photos timed and total milliseconds, per stage. */
    private static Map<String, double[]> stages(Mercator m) {
        Map<String, double[]> out = new java.util.TreeMap<>();
        for (Timer t : m.registry().find("mercator.vision.stage").timers()) {
            out.put(t.getId().getTag("stage"), new double[]{t.count(), t.totalTime(TimeUnit.MILLISECONDS)});
        }
        return out;
    }

    /** Mean time per stage since {@code before}. */
    private static String stageSummary(Mercator m, Map<String, double[]> before) {
        StringBuilder out = new StringBuilder();
        stages(m).forEach((stage, now) -> {
            double[] b = before.getOrDefault(stage, new double[2]);
            double n = now[0] - b[0];
            out.append(String.format("%n    %-14s mean %.2f ms over %,.0f photos", stage, n == 0 ? 0 : (now[1] - b[1]) / n, n));
        });
        return out.toString();
    }
}
