package io.mercator.vision.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mercator.vision.image.ImageDecoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DJL implementation of nsfwjs' MobileNetV2 gives what TF.js gives for the same model and input:
 * the original runtime, installed from the npm registry by scripts/models.sh --reference, runs
 * beside it on a synthetic pattern and on real clothing photos.
 */
class ImageBackboneTest {

    private static ImageBackbone backbone;

    @BeforeAll
    static void load() throws IOException {
        backbone = ImageBackbone.load(ModelFiles.modelsDir());
    }

    @AfterAll
    static void close() {
        backbone.close();
    }

    @Test
    void matchesTfjsOnTheSameInput() throws Exception {
        int s = ImageBackbone.SIZE;
        List<float[]> images = new ArrayList<>();
        float[] pattern = new float[3 * s * s];
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                for (int c = 0; c < 3; c++) {
                    pattern[c * s * s + y * s + x] = ((x * 7 + y * 13 + c * 29) % 256) / 255f;
                }
            }
        }
        images.add(pattern);
        ImageDecoder decoder = new ImageDecoder();
        try (Stream<Path> photos = Files.list(ModelFiles.clothing().resolve("validation/shoes"))) {
            for (Path p : photos.sorted().limit(2).toList()) {
                float[] in = new float[3 * s * s];
                Resize.toChannelsFirst(decoder.decode(Files.readAllBytes(p)).rgb(), s, in, 0);
                images.add(in);
            }
        }
        float[] nchw = new float[images.size() * 3 * s * s];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, nchw, i * 3 * s * s, 3 * s * s);
        }
        List<ImageBackbone.Output> mine = backbone.runPrepared(nchw, images.size());

        JsonNode reference = tfjs(images);
        for (int i = 0; i < images.size(); i++) {
            float[] features = mine.get(i).embedding();
            float[] probs = mine.get(i).nsfw();
            JsonNode rf = reference.path(ImageBackbone.EMBEDDING).get(i);
            JsonNode rp = reference.path(ImageBackbone.NSFW).get(i);
            assertThat(features).hasSize(1280);
            assertThat(rf.size()).isEqualTo(1280);
            double maxRef = 0;
            double maxDiff = 0;
            for (int k = 0; k < features.length; k++) {
                maxRef = Math.max(maxRef, Math.abs(rf.get(k).asDouble()));
                maxDiff = Math.max(maxDiff, Math.abs(features[k] - rf.get(k).asDouble()));
            }
            double maxProbDiff = 0;
            for (int k = 0; k < probs.length; k++) {
                maxProbDiff = Math.max(maxProbDiff, Math.abs(probs[k] - rp.get(k).asDouble()));
            }
            System.out.printf("image %d: max |features - tfjs| %.2e (largest feature %.3f), max |nsfw - tfjs| %.2e%n",
                    i, maxDiff, maxRef, maxProbDiff);
            assertThat(maxRef).as("features are not all zero").isGreaterThan(0.1);
            // float32 sums in a different order (and batch norm folded into the convolutions) drift a
            // little: within 1e-4 of the largest feature, and 1e-4 absolute for probabilities
            assertThat(maxDiff).as("features, image %d", i).isLessThan(1e-4 * maxRef);
            assertThat(maxProbDiff).as("NSFW probabilities, image %d", i).isLessThan(1e-4);
        }
    }

    /** The reference outputs: TF.js on the CPU backend, in node, on the same input written NHWC. */
    private static JsonNode tfjs(List<float[]> images) throws Exception {
        int s = ImageBackbone.SIZE;
        Path input = Files.createTempFile("backbone-input", ".f32");
        ByteBuffer b = ByteBuffer.allocate(images.size() * 3 * s * s * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] im : images) {
            for (int y = 0; y < s; y++) {
                for (int x = 0; x < s; x++) {
                    for (int c = 0; c < 3; c++) {
                        b.putFloat(im[c * s * s + y * s + x]);
                    }
                }
            }
        }
        Files.write(input, b.array());
        Path script = Files.createTempFile("tfjs-reference", ".js");
        try (var in = ImageBackboneTest.class.getResourceAsStream("tfjs-reference.js")) {
            Files.write(script, in.readAllBytes());
        }
        Path out = Files.createTempFile("backbone-reference", ".json");
        ProcessBuilder pb = new ProcessBuilder("node", script.toString(),
                ModelFiles.modelsDir().resolve(ImageBackbone.MODEL_PATH).resolve("model.json").toString(), input.toString(),
                Integer.toString(images.size()), Integer.toString(s), Integer.toString(s), ImageBackbone.EMBEDDING + "," + ImageBackbone.NSFW)
                .redirectOutput(out.toFile()).redirectErrorStream(false);
        pb.environment().put("NODE_PATH", ModelFiles.modelsDir().resolve("reference/node_modules").toString());
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("tfjs finished").isTrue();
        assertThat(p.exitValue()).as("tfjs exit: " + err).isZero();
        return new ObjectMapper().readTree(out.toFile());
    }
}
