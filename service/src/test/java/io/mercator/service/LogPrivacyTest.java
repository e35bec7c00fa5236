package io.mercator.service;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import io.mercator.nlp.model.SharedTextData;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * No personal data in logs, at the most verbose level the service ships ({@code MERCATOR_LOG_LEVEL=TRACE},
 * with the libraries' levels as {@code logback.xml} sets them), across the routes: the buyer's id
 * with what they searched, their location, phone numbers and LINE ids in listings, chat messages
 * and the text analysis of them, image bytes, admin keys (right and wrong). Every event every
 * logger wrote while the routes were called is searched: its message, arguments, key-value pairs,
 * MDC and exception.
 */
class LogPrivacyTest {

    private static final String ADMIN = "pii-admin-key-" + UUID.randomUUID();
    private static final List<String> SECRETS = List.of("U-pii-", "13.7563", "100.5018", "0812345678", "081-234-5678",
            "0899998888", "pii_line", "ขายโทรศัพท์ลับ", "IMGBYTES-PII", "leaked-key-pii", ADMIN);

    @TempDir
    Path dir;

    @Test
    void shouldLogNoPersonalDataOnAnyRouteAtTheMostVerboseLevel() throws Exception {
        assumeTrue(SharedTextData.present(), "the shared text data sets are not here");
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        root.setLevel(Level.TRACE);
        try (RunningMercator app = RunningMercator.startWithAdmin(dir, ADMIN)) {
            RunningMercator.eventually(Duration.ofSeconds(90), () -> app.mercator.text().engine().ready());
            callEveryKindOfRoute(app);
            // the listing's text screening runs after the intake answered
            Thread.sleep(3_000);
        } finally {
            root.setLevel(before);
            root.detachAppender(captured);
        }
        List<ILoggingEvent> events = new ArrayList<>(captured.list);
        assertThat(events).hasSizeGreaterThan(50);
        assertThat(events).anySatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.DEBUG));
        // the requests themselves were logged (by route), so their absence below means something
        String accessLog = events.stream().filter(e -> e.getLoggerName().equals("mercator.access"))
                .map(LogPrivacyTest::everything).reduce("", String::concat);
        assertThat(accessLog).contains("/feed", "/search", "/events", "/analyze-text", "/auto-reply", "/analyze-image", "/admin/");
        for (ILoggingEvent e : events) {
            String text = everything(e);
            for (String secret : SECRETS) {
                assertThat(text).as("%s logged by %s", secret, e.getLoggerName()).doesNotContain(secret);
            }
        }
    }

    private static void callEveryKindOfRoute(RunningMercator app) {
        String listing = "L-pii-" + UUID.randomUUID().toString().substring(0, 8);
        app.get("/feed?user_id=U-pii-0001&lat=13.7563&lon=100.5018&limit=5");
        app.get("/search?q=" + java.net.URLEncoder.encode("ขายโทรศัพท์ลับ 0812345678", StandardCharsets.UTF_8)
                + "&user_id=U-pii-0002&lat=13.7563&lon=100.5018");
        app.get("/feed?user_id=U-pii-0003&lat=13.7563&lat=13.7563&lon=100.5018"); // a 400
        JsonObject published = new JsonObject().put("id", "pub-" + listing).put("type", "listing.published").put("v", 1)
                .put("ts", System.currentTimeMillis() - 1_000).put("key", listing)
                .put("data", new JsonObject().put("sellerId", "U-pii-seller").put("title", "iPhone 13 โทร 081-234-5678")
                        .put("description", "แอดไลน์ pii_line_77 หรือโทร 0812345678 ได้เลย").put("lang", "th")
                        .put("category", "mobile-phones").put("price", 9000).put("condition", "good").put("stock", 1)
                        .put("photos", new JsonArray().add("p/1.jpg")).put("province", "Bangkok")
                        .put("lat", 13.7563).put("lon", 100.5018));
        JsonObject click = new JsonObject().put("id", "clk-" + listing).put("type", "interaction.click").put("v", 1)
                .put("ts", System.currentTimeMillis() - 500).put("key", "U-pii-0004")
                .put("data", new JsonObject().put("requestId", "r-pii").put("listingId", listing));
        app.post("/events", "application/json", new JsonArray().add(published).add(click).encode());
        app.post("/events", "application/json", "[{\"id\":\"bad\",\"key\":\"U-pii-0005\",\"data\":{\"phone\":\"0899998888\"}}]");
        app.post("/analyze-text", "application/json", new JsonObject().put("title", "ขายด่วน โทร 0899998888")
                .put("description", "ทักไลน์ @pii_line_id นะครับ").put("listing_id", listing).encode());
        app.post("/auto-reply", "application/json", new JsonObject()
                .put("message", "ขอเบอร์หน่อย ผมเบอร์ 0812345678 ไลน์ pii_line_88").put("listing_id", listing).encode());
        byte[] image = ("\u00ff\u00d8\u00ffIMGBYTES-PII" + "x".repeat(2_000)).getBytes(StandardCharsets.ISO_8859_1);
        app.postBytes("/analyze-image?listing_id=" + listing + "&seller_id=U-pii-seller", "image/jpeg", image);
        app.post("/ekyc-match?seller_id=U-pii-seller", "multipart/form-data; boundary=b",
                HttpRequest.BodyPublishers.ofByteArray(("--b\r\nContent-Disposition: form-data; name=\"selfie\"; "
                        + "filename=\"s.jpg\"\r\nContent-Type: image/jpeg\r\n\r\nIMGBYTES-PII\r\n--b--\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1)));
        for (String path : List.of("/admin/models", "/admin/moderation/queue", "/admin/overrides", "/admin/audit",
                "/admin/ops", "/admin/canary")) {
            app.send("GET", path, null, "Authorization", "Bearer " + ADMIN);
            app.send("GET", path, null, "Authorization", "Bearer leaked-key-pii-123");
        }
        app.send("GET", "/admin/preview?user_id=U-pii-0006&lat=13.7563&lon=100.5018", null, "Authorization", "Bearer " + ADMIN);
        app.get("/metrics");
        app.get("/health/ready");
    }

    private static String everything(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(e.getFormattedMessage() == null ? "" : e.getFormattedMessage());
        if (e.getArgumentArray() != null) {
            b.append(' ').append(java.util.Arrays.deepToString(e.getArgumentArray()));
        }
        if (e.getKeyValuePairs() != null) {
            e.getKeyValuePairs().forEach(kv -> b.append(' ').append(kv.key).append('=').append(kv.value));
        }
        Map<String, String> mdc = e.getMDCPropertyMap();
        if (mdc != null) {
            b.append(' ').append(mdc);
        }
        for (var t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            b.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return b.toString();
    }
}
