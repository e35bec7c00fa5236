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
 * nsfwjs' MobileNetV2, written as an ONNX graph and run by ONNX Runtime, gives what TF.js gives for
 * the same model and input: the original runtime, installed from the npm registry by
 * scripts/models.sh --reference, runs beside it on a synthetic pattern and on real clothing photos.
 * The head's pooled features, which TF.js does not give, are held to the PyTorch interpreter.
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
        List<float[]> images = inputs();
        float[] nchw = batch(images);
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

    private static float[] batch(List<float[]> images) {
        int s = ImageBackbone.SIZE;
        float[] nchw = new float[images.size() * 3 * s * s];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, nchw, i * 3 * s * s, 3 * s * s);
        }
        return nchw;
    }

    @Test
    void onnxRuntimeGivesWhatThePyTorchInterpreterGives() throws Exception {
        List<float[]> images = inputs();
        float[] nchw = batch(images);
        List<ImageBackbone.Output> onnx = backbone.runPrepared(nchw, images.size());
        try (ImageBackbone reference = ImageBackbone.load(ModelFiles.modelsDir(), ImageBackbone.Runtime.PYTORCH)) {
            assertThat(backbone.version()).contains("ONNX Runtime");
            assertThat(reference.version()).contains("PyTorch");
            List<ImageBackbone.Output> torch = reference.runPrepared(nchw, images.size());
            for (int i = 0; i < images.size(); i++) {
                assertClose("head features, image " + i, onnx.get(i).features(), torch.get(i).features());
                assertClose("embedding, image " + i, onnx.get(i).embedding(), torch.get(i).embedding());
                assertClose("NSFW probabilities, image " + i, onnx.get(i).nsfw(), torch.get(i).nsfw());
            }
            // one image alone gives what it gave in a batch
            List<ImageBackbone.Output> alone = backbone.runPrepared(images.get(1), 1);
            assertClose("image 1 alone", alone.getFirst().features(), onnx.get(1).features());
        }
    }

    /** Within 1e-4 of the largest value (float32 sums in another order drift a little). */
    private static void assertClose(String what, float[] mine, float[] reference) {
        assertThat(mine).as(what).hasSameSizeAs(reference);
        double largest = 0;
        double diff = 0;
        for (int k = 0; k < mine.length; k++) {
            largest = Math.max(largest, Math.abs(reference[k]));
            diff = Math.max(diff, Math.abs(mine[k] - reference[k]));
        }
        System.out.printf("%s: %d values, max |onnx - pytorch| %.2e, largest %.3f%n", what, mine.length, diff, largest);
        assertThat(largest).as(what + ": not all zero").isGreaterThan(0.1);
        assertThat(diff).as(what).isLessThan(1e-4 * Math.max(1, largest));
    }

    private static List<float[]> inputs() throws IOException {
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
        return images;
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
