package io.mercator.service;

import io.mercator.events.EventType;
import io.mercator.events.log.LogRecord;
import io.mercator.vision.image.TestImages;
import io.mercator.vision.model.ModelFiles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.mercator.service.RunningMercator.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Image intelligence against a running service: /analyze-image on a real clothing photo (raw and
 * multipart), its bad input, and a listing's photo recorded as an event that the near-duplicate
 * index reads, so that another seller's copy of it is caught and queued for moderation. The
 * category head trains at first start on 15 photos a class, to keep the test short: its accuracy is
 * the evaluation's business, not this test's.
 */
class VisionIntelligenceTest {

    @TempDir
    static Path dir;
    static RunningMercator app;

    @BeforeAll
    static void start() throws Exception {
        app = RunningMercator.start(dir.resolve("data"), false, Map.of("MERCATOR_RETRAINING_ENABLED", "false",
                "MERCATOR_VISION_ENABLED", "true", "MERCATOR_VISION_MODELS_DIR", ModelFiles.modelsDir().toString(),
                "MERCATOR_VISION_CLOTHING_DATA", ModelFiles.clothing().toString(), "MERCATOR_VISION_TRAIN_PER_CLASS", "15", "MERCATOR_VISION_FINE_TUNE_EPOCHS", "2"))
                .awaitReady();
        eventually(Duration.ofSeconds(240), () -> app.mercator.vision().engine().ready());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static byte[] photo(String category, int index) throws Exception {
        try (Stream<Path> files = Files.list(ModelFiles.clothing().resolve("validation").resolve(category))) {
            return Files.readAllBytes(files.sorted().toList().get(index));
        }
    }

    private static HttpResponse<String> analyze(String query, String type, byte[] body) {
        return app.postBytes("/analyze-image" + query, type, body);
    }

    @Test
    void analyzesAClothingPhotoWithEveryField() throws Exception {
        HttpResponse<String> r = analyze("", "image/jpeg", photo("shoes", 0));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getJsonObject("category").getString("label")).isIn("dress", "hat", "longsleeve", "outwear", "pants", "shirt",
                "shoes", "shorts", "skirt", "t-shirt", "other");
        JsonArray top = body.getJsonArray("top_categories");
        assertThat(top).hasSize(10);
        double sum = top.stream().mapToDouble(o -> ((JsonObject) o).getDouble("score")).sum();
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(body.getValue("condition_score")).as("no condition model: no invented score").isNull();
        assertThat(body.getString("condition_model")).isEqualTo("none");
        JsonObject quality = body.getJsonObject("photo_quality");
        assertThat(quality.getDouble("score")).isBetween(0.0, 1.0);
        assertThat(quality.getDouble("blur")).isBetween(0.0, 1.0);
        assertThat(quality.getBoolean("resolution_ok")).isNotNull();
        JsonObject safety = body.getJsonObject("safety");
        assertThat(safety.getDouble("nsfw")).as("a shoe is safe").isLessThan(0.5);
        assertThat(safety.getJsonObject("classes").fieldNames()).containsExactlyInAnyOrder("drawing", "hentai", "neutral", "porn", "sexy");
        assertThat(body.getJsonArray("safety_flags")).isEmpty();
        assertThat(body.getString("model_version")).contains("nsfwjs@4.4.0").contains("retrained").contains("ONNX Runtime");
        assertThat(body.containsKey("fingerprint")).as("the fingerprint stays inside").isFalse();

        // the same photo as a multipart form field gives the same answer
        HttpResponse<String> m = multipart("/analyze-image", "image", "shoe.jpg", photo("shoes", 0));
        assertThat(m.statusCode()).as(m.body()).isEqualTo(200);
        assertThat(new JsonObject(m.body()).getString("photo_id")).isEqualTo(body.getString("photo_id"));
    }

    @Test
    void refusesBadInputWithAReasonAndStaysUp() throws Exception {
        byte[] jpeg = photo("hat", 0);
        BufferedImage one = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Map<String, byte[]> bad = new java.util.LinkedHashMap<>();
        bad.put("empty body", new byte[0]);
        bad.put("truncated JPEG", Arrays.copyOf(jpeg, jpeg.length / 2));
        bad.put("PNG bomb", TestImages.pngClaiming(60_000, 60_000));
        bad.put("not an image", "{\"hello\": 1}".getBytes(StandardCharsets.UTF_8));
        bad.put("1x1 image", TestImages.png(one));
        bad.put("animated GIF", TestImages.fixture("animated.gif"));
        bad.put("animated WebP", TestImages.fixture("animated.webp"));
        bad.put("over 10 MB", new byte[10 * 1024 * 1024 + 100]);
        for (Map.Entry<String, byte[]> e : bad.entrySet()) {
            HttpResponse<String> r = analyze("", "image/jpeg", e.getValue());
            assertThat(r.statusCode()).as(e.getKey() + ": " + r.body()).isIn(400, 413, 415);
            assertThat(new JsonObject(r.body()).getString("error")).as(e.getKey()).isNotBlank();
        }
        // a CMYK JPEG is a photo: analysed, not refused
        assertThat(analyze("", "image/jpeg", TestImages.fixture("cmyk.jpg")).statusCode()).isEqualTo(200);
        HttpResponse<String> wrongField = multipart("/analyze-image", "picture", "x.jpg", jpeg);
        assertThat(wrongField.statusCode()).isEqualTo(400);
        assertThat(wrongField.body()).contains("image");
        assertThat(analyze("?listing_id=a&listing_id=b", "image/jpeg", jpeg).statusCode()).isEqualTo(400);
        assertThat(app.get("/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void aListingsPhotoIsRecordedAndAnotherSellersCopyIsCaught() throws Exception {
        String original = "L-vision-" + UUID.randomUUID();
        String thief = "L-vision-" + UUID.randomUUID();
        publish(listing(original, "S-honest"), listing(thief, "S-thief"));
        byte[] photo = photo("dress", 1);
        HttpResponse<String> first = analyze("?listing_id=" + original + "&seller_id=S-honest", "image/jpeg", photo);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        // the event reaches the index (a projection): then a resized, re-compressed copy matches it
        eventually(Duration.ofSeconds(20), () -> app.mercator.vision().photos().index().size() >= 1);
        BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(photo));
        BufferedImage smaller = new BufferedImage(image.getWidth() * 3 / 4, image.getHeight() * 3 / 4, BufferedImage.TYPE_INT_RGB);
        smaller.createGraphics().drawImage(image, 0, 0, smaller.getWidth(), smaller.getHeight(), null);
        HttpResponse<String> copy = analyze("?listing_id=" + thief + "&seller_id=S-thief", "image/jpeg", TestImages.jpeg(smaller, 0.7f));
        assertThat(copy.statusCode()).as(copy.body()).isEqualTo(200);
        JsonArray near = new JsonObject(copy.body()).getJsonArray("near_duplicates");
        assertThat(near).isNotEmpty();
        assertThat(near.getJsonObject(0).getString("listing_id")).isEqualTo(original);
        assertThat(near.getJsonObject(0).getBoolean("same_seller")).isFalse();
        // recorded in the log: the photo's analysis (never the photo) and a moderation item for the copy
        List<LogRecord> records = app.records();
        List<LogRecord> photos = records.stream().filter(r -> r.event().type() == EventType.LISTING_PHOTO_ANALYZED).toList();
        assertThat(photos).extracting(r -> r.event().key()).contains(original, thief);
        assertThat(records.stream().filter(r -> r.event().type() == EventType.MODERATION_FLAGGED && r.event().key().equals(thief))
                .map(r -> r.event().data().toString())).anySatisfy(s -> assertThat(s).contains("photo_reuse").contains(original));
        // the same upload again is recorded once
        analyze("?listing_id=" + original + "&seller_id=S-honest", "image/jpeg", photo);
        eventually(Duration.ofSeconds(10), () -> app.mercator.vision().photos().index().size() == 2);
    }

    private static JsonObject listing(String id, String seller) {
        return new JsonObject().put("id", "v-" + UUID.randomUUID()).put("type", "listing.published").put("v", 1)
                .put("ts", System.currentTimeMillis() - 1000).put("key", id).put("data", new JsonObject()
                        .put("sellerId", seller).put("title", "ชุดเดรสสีดำ").put("description", "ใส่ครั้งเดียว").put("lang", "th")
                        .put("category", "womens-fashion").put("price", 450).put("condition", "like_new").put("stock", 1)
                        .put("photos", new JsonArray().add("p/1.jpg")).put("province", "Bangkok").put("lat", 13.75).put("lon", 100.5));
    }

    private static void publish(JsonObject... events) {
        JsonArray batch = new JsonArray(Arrays.asList((Object[]) events));
        HttpResponse<String> r = app.post("/events", "application/json", batch.encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    private static HttpResponse<String> multipart(String path, String field, String filename, byte[] bytes) throws Exception {
        String boundary = "mercator" + UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return app.post(path, "multipart/form-data; boundary=" + boundary, HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()));
    }
}
