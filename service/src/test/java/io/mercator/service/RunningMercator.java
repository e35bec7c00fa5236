package io.mercator.service;

import io.mercator.service.config.ConfigLoader;
import io.mercator.service.config.MercatorConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Starts a real Mercator on a free port over a data directory, and talks HTTP to it. */
final class RunningMercator implements AutoCloseable {

    final Mercator mercator;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningMercator(Mercator mercator) {
        this.mercator = mercator;
    }

    /** A small demo marketplace (seeded on first start) so tests run in seconds. */
    static RunningMercator start(Path dataDir, boolean seed) throws Exception {
        return start(dataDir, seed, Map.of());
    }

    /**
     * Writes a secret file of admin keys into {@code dir}, from triples of label, role and key, and
     * answers the setting that points the service at it.
     */
    static Map<String, String> adminKeys(Path dir, String... labelRoleKey) throws IOException {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i + 2 < labelRoleKey.length; i += 3) {
            yaml.append("- {label: %s, role: %s, key: %s}%n".formatted(labelRoleKey[i], labelRoleKey[i + 1], labelRoleKey[i + 2]));
        }
        Path keys = dir.resolve("admin-keys.yaml");
        java.nio.file.Files.writeString(keys, yaml);
        return Map.of("MERCATOR_ADMIN_KEYS_FILE", keys.toString());
    }

    /** Settings for a log on the tests' Kafka broker, under topics of its own ({@code prefix} and a random suffix). */
    static Map<String, String> onKafka(String prefix) {
        return Map.of("MERCATOR_LOG_BACKEND", "kafka",
                "MERCATOR_LOG_KAFKA_BOOTSTRAP_SERVERS", io.mercator.events.log.kafka.KafkaBroker.shared().bootstrapServers(),
                "MERCATOR_LOG_KAFKA_TOPIC_PREFIX", prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 8),
                "MERCATOR_LOG_KAFKA_PARTITIONS", "2", "MERCATOR_LOG_KAFKA_REPLICATION_FACTOR", "1");
    }

    /**
     * The demo marketplace with one admin-role key and no automatic retraining (nothing changes the
     * models behind a test's back), ready to serve: data under {@code dir/data}.
     */
    static RunningMercator startWithAdmin(Path dir, String adminKey) throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(adminKeys(dir, "ops", "admin", adminKey));
        settings.put("MERCATOR_RETRAINING_ENABLED", "false");
        return start(dir.resolve("data"), true, settings).awaitReady();
    }

    /** As {@link #start(Path, boolean)}, with more settings as {@code MERCATOR_*} variables. */
    static RunningMercator start(Path dataDir, boolean seed, Map<String, String> settings) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Map.of("MERCATOR_HTTP_HOST", "127.0.0.1", "MERCATOR_HTTP_PORT", "0",
                "MERCATOR_DATA_DIR", dataDir.toString(), "MERCATOR_DEMO_ENABLED", Boolean.toString(seed),
                "MERCATOR_DEMO_USERS", "60", "MERCATOR_DEMO_DAYS", "2", "MERCATOR_DEMO_RANDOM_SEED", "7",
                // the public text data sets the text models train on, where the build keeps them
                "MERCATOR_NLP_TRAINING_DATA", Path.of(System.getProperty("mercator.shared.dir", "../shared"), "data").toString()));
        // image analysis trains its category head at first start: only the tests of it turn it on
        env.put("MERCATOR_VISION_ENABLED", "false");
        env.putAll(settings);
        MercatorConfig config = ConfigLoader.load(null, env);
        return new RunningMercator(Mercator.start(config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS));
    }

    RunningMercator awaitReady() throws Exception {
        mercator.booted().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        eventually(Duration.ofSeconds(60), () -> get("/health/ready").statusCode() == 200);
        return this;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    /** A request with extra headers (name, value, name, value...). */
    HttpResponse<String> send(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    /** A POST with a body of raw bytes (invalid UTF-8, say). */
    HttpResponse<String> postBytes(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(uri(path)).header("content-type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** A POST of a prepared body (multipart, say). */
    HttpResponse<String> post(String path, String contentType, HttpRequest.BodyPublisher body) {
        return send(HttpRequest.newBuilder(uri(path)).header("content-type", contentType).POST(body).build());
    }

    HttpResponse<String> post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("content-type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /**
     * Sends the request line exactly as given, over a plain socket, for paths that a well-behaved
     * client refuses to send (a broken percent escape, say). Answers status and body.
     */
    RawResponse rawGet(String path) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", mercator.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String raw = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int status = Integer.parseInt(raw.substring(9, 12));
            int bodyAt = raw.indexOf("\r\n\r\n");
            return new RawResponse(status, bodyAt < 0 ? "" : raw.substring(bodyAt + 4));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    record RawResponse(int statusCode, String body) {
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + mercator.port() + path);
    }

    private HttpResponse<String> send(HttpRequest req) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls a condition until it holds or the deadline passes (then fails). */
    static void eventually(Duration deadline, BooleanSupplier condition) throws InterruptedException {
        eventually(deadline, condition, () -> "");
    }

    /** As {@link #eventually(Duration, BooleanSupplier)}; a failure says what {@code seen} reports then. */
    static void eventually(Duration deadline, BooleanSupplier condition, java.util.function.Supplier<String> seen)
            throws InterruptedException {
        long until = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                String what = seen.get();
                throw new AssertionError("condition not met within " + deadline + (what.isEmpty() ? "" : "; seen: " + what));
            }
            Thread.sleep(25);
        }
    }

    /** The service's own figures whose names start with {@code prefix} (Prometheus text; no comments, no histogram buckets), on one line. */
    String metrics(String prefix) {
        return get("/metrics").body().lines().filter(l -> l.startsWith(prefix) && !l.contains("_bucket{"))
                .collect(java.util.stream.Collectors.joining("; "));
    }

    /** Every record in the service's log, all partitions, from the start. */
    java.util.List<io.mercator.events.log.LogRecord> records() {
        try {
            java.util.List<io.mercator.events.log.LogRecord> out = new java.util.ArrayList<>();
            for (io.mercator.events.log.LogPartition p : mercator.log().partitions().toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS)) {
                long offset = 0;
                while (true) {
                    java.util.List<io.mercator.events.log.LogRecord> batch = mercator.log().read(p, offset, 10_000, Duration.ZERO)
                            .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                    if (batch.isEmpty()) {
                        break;
                    }
                    out.addAll(batch);
                    offset = batch.getLast().offset() + 1;
                }
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("the log could not be read", e);
        }
    }

    @Override
    public void close() {
        mercator.close();
    }
}
