package io.mercator.vision.face;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mercator.vision.image.ImageDecoder;
import io.mercator.vision.model.ModelFiles;
import io.mercator.vision.model.Resize;
import io.mercator.vision.model.tfjs.TfjsGraph;
import io.mercator.vision.model.tfjs.TfjsModelFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mercator's graph interpreter gives what TF.js gives for each face model, on the same input: the
 * original runtime (installed from the npm registry by scripts/models.sh --reference) runs beside it
 * on a synthetic pattern and on a real photo of faces, and every output of the graph is compared.
 */
class TfjsGraphTest {

    @ParameterizedTest
    @CsvSource({"blazeface,256", "mobilefacenet,112", "liveness,32", "antispoof,128"})
    void matchesTfjsOnTheSameInput(String model, int size) throws Exception {
        Path json = ModelFiles.modelsDir().resolve(FaceModels.PATH).resolve(model + ".json");
        float[] pattern = new float[3 * size * size];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = ((i * 7919) % 255) / 255f;
        }
        float[] photo = new float[3 * size * size];
        byte[] bytes = Files.readAllBytes(FaceSamples.dir().resolve("sample1.jpg"));
        Resize.toChannelsFirst(new ImageDecoder().decode(bytes).rgb(), size, photo, 0);
        float[] nchw = new float[2 * 3 * size * size];
        System.arraycopy(pattern, 0, nchw, 0, pattern.length);
        System.arraycopy(photo, 0, nchw, pattern.length, photo.length);
        // BlazeFace's graph is fixed to a batch of one: each image runs alone
        int batch = model.equals("blazeface") ? 1 : 2;
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
             TfjsGraph graph = TfjsGraph.compile(TfjsModelFiles.readJson(json), manager)) {
            List<String> outputs = graph.outputs();
            assertThat(outputs).isNotEmpty();
            for (int start = 0; start < 2; start += batch) {
                float[] in = java.util.Arrays.copyOfRange(nchw, start * 3 * size * size, (start + batch) * 3 * size * size);
                NDList mine = graph.forward(manager, manager.create(in, new Shape(batch, 3, size, size)), outputs);
                JsonNode reference = tfjs(json, in, batch, size, outputs);
                for (int o = 0; o < outputs.size(); o++) {
                    float[] got = mine.get(o).toFloatArray();
                    JsonNode ref = reference.path(outputs.get(o));
                    int per = got.length / batch;
                    double maxRef = 0;
                    double maxDiff = 0;
                    for (int b = 0; b < batch; b++) {
                        assertThat(ref.get(b).size()).as("%s %s size", model, outputs.get(o)).isEqualTo(per);
                        for (int k = 0; k < per; k++) {
                            double r = ref.get(b).get(k).asDouble();
                            maxRef = Math.max(maxRef, Math.abs(r));
                            maxDiff = Math.max(maxDiff, Math.abs(got[b * per + k] - r));
                        }
                    }
                    System.out.printf("%s %s (input %d): max |djl - tfjs| %.2e, largest value %.3f%n",
                            model, outputs.get(o), start, maxDiff, maxRef);
                    assertThat(maxRef).as("%s %s is not all zero", model, outputs.get(o)).isGreaterThan(1e-3);
                    assertThat(maxDiff).as("%s %s", model, outputs.get(o)).isLessThan(1e-4 * Math.max(1, maxRef));
                }
                mine.close();
            }
        }
    }

    /** The reference outputs: TF.js on the CPU backend, in node, on the same input written NHWC. */
    private static JsonNode tfjs(Path json, float[] nchw, int n, int size, List<String> outputs) throws Exception {
        Path input = Files.createTempFile("graph-input", ".f32");
        ByteBuffer b = ByteBuffer.allocate(nchw.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        int plane = size * size;
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < plane; p++) {
                for (int c = 0; c < 3; c++) {
                    b.putFloat(nchw[i * 3 * plane + c * plane + p]);
                }
            }
        }
        Files.write(input, b.array());
        Path script = Files.createTempFile("tfjs-reference", ".js");
        try (var in = TfjsGraphTest.class.getResourceAsStream("/io/mercator/vision/model/tfjs-reference.js")) {
            Files.write(script, in.readAllBytes());
        }
        Path out = Files.createTempFile("graph-reference", ".json");
        ProcessBuilder pb = new ProcessBuilder("node", script.toString(), json.toString(), input.toString(),
                Integer.toString(n), Integer.toString(size), Integer.toString(size), String.join(",", outputs))
                .redirectOutput(out.toFile());
        pb.environment().put("NODE_PATH", ModelFiles.modelsDir().resolve("reference/node_modules").toString());
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("tfjs finished").isTrue();
        assertThat(p.exitValue()).as("tfjs exit: " + err).isZero();
        JsonNode result = new ObjectMapper().readTree(out.toFile());
        Files.deleteIfExists(input);
        Files.deleteIfExists(out);
        Files.deleteIfExists(script);
        return result;
    }
}
