package io.mercator.service.infra;

import io.mercator.service.Mercator;
import io.mercator.service.config.ConfigLoader;
import io.mercator.service.config.MercatorConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the infra files expect of a running Mercator, checked against a real one: the embedded
 * default on a tiny demo marketplace, on a free port. The probe paths answer, and every series
 * the alert rules and the dashboard read is in its /metrics.
 */
class RunningMercatorContractTest {

    @TempDir
    static Path dataDir;
    static Mercator mercator;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static Map<String, Set<String>> exported;

    @BeforeAll
    static void start() throws Exception {
        MercatorConfig config = ConfigLoader.load(null, Map.of("MERCATOR_HTTP_HOST", "127.0.0.1", "MERCATOR_HTTP_PORT", "0",
                "MERCATOR_DATA_DIR", dataDir.toString(), "MERCATOR_DEMO_ENABLED", "true",
                "MERCATOR_DEMO_USERS", "60", "MERCATOR_DEMO_DAYS", "2", "MERCATOR_DEMO_RANDOM_SEED", "7",
                // the learning loop's meters (CTR per model version, PSI) register at its first check
                "MERCATOR_CANARY_CHECK_INTERVAL_SECONDS", "1"));
        mercator = Mercator.start(config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        mercator.booted().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (get("/health/ready").statusCode() != 200) {
            assertThat(System.nanoTime()).as("ready within 60 s").isLessThan(until);
            Thread.sleep(50);
        }
        // traffic of each kind the dashboard draws, so lazily registered meters exist: both
        // pipelines, and one intake batch (mercator_intake_batches_total appears on the first)
        assertThat(get("/feed?user_id=user-00007&lat=13.75&lon=100.5&limit=10").statusCode()).isEqualTo(200);
        assertThat(get("/search?q=iphone&lat=13.75&lon=100.5").statusCode()).isEqualTo(200);
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(uri("/events")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[{\"id\":\"broken\"}]")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(400);
        long meters = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!get("/metrics").body().contains("mercator_model_impressions_total")
                || !get("/metrics").body().contains("mercator_feature_psi")
                || !get("/metrics").body().contains("mercator_feature_ks_pvalue")) {
            assertThat(System.nanoTime()).as("the learning loop's meters within 60 s").isLessThan(meters);
            Thread.sleep(200);
        }
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        exported = InfraChecks.scrape(metrics.body());
    }

    @AfterAll
    static void stop() {
        if (mercator != null) {
            mercator.close();
        }
    }

    @Test
    void shouldServeEveryPathTheInfraFilesProbe() {
        for (String path : RoutesUnderTest.PROBE_PATHS) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(200);
        }
        // the check can fail: a path the service does not route answers 404
        assertThat(get("/health/readyz").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldExportEverySeriesTheAlertRulesRead() {
        var alerts = InfraChecks.alertExpressions();
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(5);
        assertThat(InfraChecks.missingFromScrape(alerts.values(), exported)).isEmpty();
    }

    @Test
    void shouldExportEverySeriesTheDashboardDraws() {
        List<String> queries = InfraChecks.dashboardQueries();
        assertThat(queries).hasSizeGreaterThanOrEqualTo(10);
        assertThat(InfraChecks.missingFromScrape(queries, exported)).isEmpty();
    }

    @Test
    void shouldCatchANameTheServiceDoesNotExport() {
        List<String> wrong = new ArrayList<>(InfraChecks.alertExpressions().values());
        // the un-suffixed Micrometer name, and a label the counter does not carry
        wrong.add("rate(ranking_component_fallbacks[5m])");
        wrong.add("rate(mercator_events_accepted_total{route=\"/events\"}[5m])");
        assertThat(InfraChecks.missingFromScrape(wrong, exported))
                .containsExactly("mercator_events_accepted_total{route}", "ranking_component_fallbacks");
    }

    @Test
    void shouldHaveTheComponentsTheDashboardSinglesOut() {
        // the latency panels and the p99 alert select the whole-pipeline timers by this pattern
        assertThat(exported).containsKey("ranking_component_latency_seconds_bucket");
        String body = get("/metrics").body();
        assertThat(body).contains("component=\"feed-pipeline\"", "component=\"search-pipeline\"");
    }

    static HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(path, e);
        }
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + mercator.port() + path);
    }
}
