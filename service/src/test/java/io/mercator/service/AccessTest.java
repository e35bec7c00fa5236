package io.mercator.service;

import io.mercator.service.access.AccessKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Client keys and rate limits on the public endpoints; the admin API when no key is configured; the demo's key. */
class AccessTest {

    @TempDir
    Path dir;

    @Test
    void publicEndpointsNeedAClientKeyOnceAnyIsConfiguredAndHealthStaysOpen() throws Exception {
        String key = "client-key-" + UUID.randomUUID();
        Path keys = dir.resolve("clients.yaml");
        Files.writeString(keys, "- {label: web-frontend, key: " + key + "}\n");
        try (RunningMercator app = RunningMercator.start(dir.resolve("data"), false,
                Map.of("MERCATOR_HTTP_CLIENT_KEYS_FILE", keys.toString()))) {
            HttpResponse<String> none = app.get("/feed?lat=13.75&lon=100.5");
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.body()).contains("X-Api-Key");
            assertThat(app.send("GET", "/feed?lat=13.75&lon=100.5", null, "X-Api-Key", "wrong-key-0123456789")
                    .statusCode()).isEqualTo(403);
            assertThat(app.send("GET", "/feed?lat=13.75&lon=100.5", null, "X-Api-Key", key).statusCode()).isEqualTo(200);
            assertThat(app.send("GET", "/search?q=phone", null, "Authorization", "Bearer " + key).statusCode())
                    .isEqualTo(200);
            assertThat(app.post("/events", "application/json", "[]").statusCode()).isEqualTo(401);
            assertThat(app.get("/health/live").statusCode()).isEqualTo(200);
            assertThat(app.get("/metrics").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void pastTheRateLimitAClientGets429WithRetryAfter() throws Exception {
        try (RunningMercator app = RunningMercator.start(dir.resolve("data"), false,
                Map.of("MERCATOR_HTTP_RATE_LIMIT_PER_ADDRESS_PER_SECOND", "5"))) {
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                answers.add(app.get("/feed?lat=13.75&lon=100.5"));
            }
            HttpResponse<String> refused = answers.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(refused.body()).contains("rate limit");
            assertThat(answers.stream().filter(r -> r.statusCode() == 200).count()).isBetween(5L, 10L);
            assertThat(app.get("/health/ready").statusCode()).as("health is never limited").isNotEqualTo(429);
        }
    }

    @Test
    void withNoAdminKeyTheAdminApiSaysItIsOffWith403NotAnOutage() throws Exception {
        try (RunningMercator app = RunningMercator.start(dir.resolve("data"), false, Map.of())) {
            HttpResponse<String> off = app.get("/admin/moderation/queue");
            assertThat(off.statusCode()).isEqualTo(403);
            assertThat(off.body()).contains("the admin API is off");
        }
    }

    @Test
    void theDemoMakesAnAdminKeyOnceKeepsItPrivateAndAcceptsIt() throws Exception {
        Path data = dir.resolve("demo");
        String key;
        try (RunningMercator app = RunningMercator.start(data, true, Map.of())) {
            assertThat(app.mercator.keys().generatedAdminKey()).isPresent();
            key = app.mercator.keys().generatedAdminKey().get();
            Path file = data.resolve(AccessKeys.DEMO_KEY_FILE);
            assertThat(Files.readString(file).strip()).isEqualTo(key);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(app.send("GET", "/admin/keys", null, "Authorization", "Bearer " + key).body())
                    .contains("demo-admin").doesNotContain(key);
        }
        try (RunningMercator again = RunningMercator.start(data, true, Map.of())) {
            assertThat(again.mercator.keys().generatedAdminKey()).as("said once, at first start").isEmpty();
            assertThat(again.send("GET", "/admin/keys", null, "Authorization", "Bearer " + key).statusCode())
                    .isEqualTo(200);
        }
    }
}
