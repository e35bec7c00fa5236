package io.mercator.service.faults;

import io.mercator.events.log.LogPartition;
import io.mercator.service.Mercator;
import io.mercator.service.health.Readiness;
import io.mercator.service.config.ConfigLoader;
import io.mercator.service.config.MercatorConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Mercator on 127.0.0.1 and a free port, with a small demo marketplace and whatever backend
 * settings a test adds (as the {@code MERCATOR_*} environment would), and a plain HTTP client.
 */
public final class TestService implements AutoCloseable {

    public final Mercator mercator;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestService(Mercator mercator) {
        this.mercator = mercator;
    }

    /** Starts and waits until boot (seeding, model) is over and the projections have caught up. */
    public static TestService startReady(Path dataDir, Map<String, String> backendSettings) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("MERCATOR_HTTP_HOST", "127.0.0.1", "MERCATOR_HTTP_PORT", "0",
                "MERCATOR_DATA_DIR", dataDir.toString(), "MERCATOR_DEMO_ENABLED", "true",
                "MERCATOR_DEMO_USERS", "60", "MERCATOR_DEMO_DAYS", "2", "MERCATOR_DEMO_RANDOM_SEED", "7"));
        env.putAll(backendSettings);
        MercatorConfig config = ConfigLoader.load(null, env);
        TestService s = new TestService(Mercator.start(config).toCompletionStage().toCompletableFuture()
                .get(120, TimeUnit.SECONDS));
        try {
            s.mercator.booted().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
            eventually(Duration.ofSeconds(90), () -> s.get("/health/ready").statusCode() == 200);
            return s;
        } catch (Exception | AssertionError e) {
            s.close();
            throw e;
        }
    }

    public int port() {
        return mercator.port();
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).GET().build());
    }

    public HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /**
     * The state a component's circuit breaker reports on /metrics (closed, open, half_open, ...):
     * the one whose {@code resilience4j_circuitbreaker_state} gauge is 1.
     */
    public String breakerState(String component) {
        Pattern line = Pattern.compile("^resilience4j_circuitbreaker_state\\{([^}]*)\\} 1\\.0$", Pattern.MULTILINE);
        Matcher m = line.matcher(get("/metrics").body());
        while (m.find()) {
            Map<String, String> labels = labels(m.group(1));
            if (component.equals(labels.get("name"))) {
                return labels.get("state");
            }
        }
        return "unknown";
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> out = new HashMap<>();
        Matcher m = Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(text);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    private HttpResponse<String> send(HttpRequest req) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until the service stops changing by itself: the listing flow's screening has nothing
     * left to write (it appends events stamped with the wall clock after ready) and every projection
     * has applied the log to an end that stayed put for a second. Tests that compare state across a
     * restart take their snapshot after this, or a late event lands between snapshot and restart.
     */
    public static void awaitQuiet(Mercator mercator, Duration deadline) throws Exception {
        long until = System.nanoTime() + deadline.toNanos();
        Map<LogPartition, Long> last = null;
        while (true) {
            Map<LogPartition, Long> ends = Readiness.endOffsets(mercator.log()).toCompletionStage()
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            boolean quiet = mercator.text().screeningQuiet()
                    && mercator.runners().stream().allMatch(r -> r.caughtUpTo(ends));
            if (quiet && ends.equals(last)) {
                return;
            }
            last = quiet ? ends : null;
            if (System.nanoTime() > until) {
                throw new AssertionError("the service did not settle within " + deadline + ": screening quiet "
                        + mercator.text().screeningQuiet() + " (" + mercator.text().listingTexts().waitingCount()
                        + " texts waiting, " + mercator.text().listingTexts().waitingUndeferredCount()
                        + " not deferred, models " + mercator.text().engine().ready() + "), log end " + ends
                        + ", lag " + mercator.readiness().lastLag());
            }
            Thread.sleep(quiet ? 1000 : 100);
        }
    }

    /** Polls until the condition holds; fails when the deadline passes first. */
    public static void eventually(Duration deadline, BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("condition not met within " + deadline);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        mercator.close();
    }
}
