package io.mercator.service.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.mercator.hydration.store.redis.RedisServerProcess;
import io.mercator.service.faults.FeedLoad;
import io.mercator.service.faults.TestService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fallback alert, end to end with real components: Mercator on Redis under /feed load, a real
 * Prometheus scraping it with the repository's rules, and a real Alertmanager with the
 * repository's routing, whose Slack and PagerDuty receivers post to a local recorder. Redis is
 * stopped: hydration falls back on every call, the alert fires, Slack is told which component and
 * PagerDuty gets a {@code trigger} with a dedup key; Redis comes back, and both are told it
 * resolved, PagerDuty under the same dedup key. Times are those of production divided by
 * {@link MonitoringConfigs#SPEED_UP}.
 */
class AlertsEndToEndTest {

    private static final String ALERT = "MercatorComponentFallbackRateHigh";
    private static final String ROUTING_KEY = "test-routing-key-0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void shouldTellSlackAndPagePagerDutyWhenHydrationFallsBackAndResolveAfterRecovery() throws Exception {
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        try (RedisServerProcess redis = RedisServerProcess.start();
             TestService app = TestService.startReady(Files.createDirectories(dir.resolve("data")),
                     Map.of("MERCATOR_STORE_BACKEND", "redis", "MERCATOR_STORE_REDIS_URL", redis.connectionString(),
                             "MERCATOR_STORE_REDIS_TIMEOUT_MS", "200"));
             WebhookRecorder receivers = new WebhookRecorder()) {
            Files.writeString(secrets.resolve("slack_webhook_url"), receivers.url("/slack"));
            Files.writeString(secrets.resolve("pagerduty_routing_key"), ROUTING_KEY);
            Path amConfig = dir.resolve("alertmanager.yml");
            Files.writeString(amConfig, MonitoringConfigs.alertmanager(
                    AlertRulesTest.INFRA.resolve("alertmanager/alertmanager.yml"), secrets, receivers.url("/pagerduty")));
            Path rules = dir.resolve("rules.yml");
            Files.writeString(rules, MonitoringConfigs.fasterRules(Files.readString(AlertRulesTest.RULES)));

            try (MonitoringProcess alertmanager = MonitoringProcess.alertmanager(amConfig, dir.resolve("am"));
                 MonitoringProcess prometheus = startPrometheus(rules, app.port(), alertmanager.port());
                 FeedLoad load = new FeedLoad(app.port(), 4,
                         n -> "/feed?user_id=user-%06d&lat=13.75&lon=100.5&limit=20".formatted(n % 60 + 1))) {
                TestService.eventually(Duration.ofSeconds(30), () -> targetUp(prometheus));
                TestService.eventually(Duration.ofSeconds(60), () -> load.since(0).stream()
                        .filter(a -> a.status() == 200 && !a.degraded().contains("hydration")).count() >= 20);
                TestService.eventually(Duration.ofSeconds(30), () -> "closed".equals(app.breakerState("hydration")));
                assertThat(receivers.to("/slack")).as("nothing fires while everything is up").noneMatch(d -> mentions(d, ALERT));

                redis.stop();
                long stoppedAt = System.nanoTime();
                TestService.eventually(Duration.ofMinutes(3), () -> slack(receivers, "FIRING").isPresent()
                        && pagerDuty(receivers, "trigger").isPresent());
                System.out.printf("alerts: Redis stopped -> Slack and PagerDuty told in %.1f s (production timing: x%d)%n",
                        (System.nanoTime() - stoppedAt) / 1e9, MonitoringConfigs.SPEED_UP);
                JsonNode firing = slack(receivers, "FIRING").orElseThrow();
                assertThat(firing.path("title").asText()).isEqualTo("[FIRING] " + ALERT + " (page)");
                assertThat(firing.path("text").asText()).contains("hydration falls back on").contains("% of calls");
                JsonNode trigger = pagerDuty(receivers, "trigger").orElseThrow();
                String dedupKey = trigger.path("dedup_key").asText();
                assertThat(dedupKey).isNotBlank();
                assertThat(trigger.path("routing_key").asText()).isEqualTo(ROUTING_KEY);
                assertThat(trigger.path("payload").path("summary").asText()).contains("hydration falls back on");

                redis.restart();
                long restartedAt = System.nanoTime();
                TestService.eventually(Duration.ofMinutes(3), () -> slack(receivers, "RESOLVED").isPresent()
                        && pagerDuty(receivers, "resolve").isPresent());
                System.out.printf("alerts: Redis back -> resolved on Slack and PagerDuty in %.1f s%n",
                        (System.nanoTime() - restartedAt) / 1e9);
                assertThat(slack(receivers, "RESOLVED").orElseThrow().path("text").asText()).contains("hydration");
                // one incident: every trigger and the resolve of hydration's alert share the dedup key
                assertThat(pagerDutyEvents(receivers)).allSatisfy(e -> assertThat(e.path("dedup_key").asText())
                        .isEqualTo(dedupKey));
                assertThat(pagerDuty(receivers, "resolve").orElseThrow().path("dedup_key").asText()).isEqualTo(dedupKey);
            }
        }
    }

    private static MonitoringProcess startPrometheus(Path rules, int mercatorPort, int alertmanagerPort) throws Exception {
        Path dir = rules.getParent().resolve("prometheus");
        Files.createDirectories(dir);
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, MonitoringConfigs.prometheus(rules, mercatorPort, alertmanagerPort));
        return MonitoringProcess.prometheus(config, dir);
    }

    private static boolean targetUp(MonitoringProcess prometheus) {
        try {
            String body = prometheus.get("/api/v1/query?query=up%7Bjob%3D%22mercator%22%7D").body();
            return body.contains("\"value\":[") && body.matches("(?s).*\"value\":\\[[0-9.]+,\"1\"\\].*");
        } catch (Exception e) {
            return false;
        }
    }

    /** The Slack attachment of this alert for hydration whose title says {@code status}. */
    private static Optional<JsonNode> slack(WebhookRecorder receivers, String status) {
        return receivers.to("/slack").stream()
                .flatMap(d -> iterate(d.body().path("attachments")).stream())
                .filter(a -> a.path("title").asText().startsWith("[" + status)
                        && a.path("title").asText().contains(ALERT) && a.path("text").asText().contains("hydration"))
                .findFirst();
    }

    private static List<JsonNode> pagerDutyEvents(WebhookRecorder receivers) {
        // hydration's alert group: the other components that read Redis are groups of their own
        return receivers.to("/pagerduty").stream().map(WebhookRecorder.Delivery::body)
                .filter(b -> b.path("payload").path("summary").asText().startsWith("hydration "))
                .toList();
    }

    private static Optional<JsonNode> pagerDuty(WebhookRecorder receivers, String action) {
        return pagerDutyEvents(receivers).stream().filter(b -> b.path("event_action").asText().equals(action)).findFirst();
    }

    private static boolean mentions(WebhookRecorder.Delivery d, String alert) {
        return d.body().toString().contains(alert);
    }

    private static List<JsonNode> iterate(JsonNode array) {
        java.util.ArrayList<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
