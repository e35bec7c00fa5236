package io.mercator.vision.model.tfjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A TF.js model as its files hold it: {@code model.json} (the topology and the weights manifest)
 * and the weight shards. Weights are dequantised on load: uint8 as {@code q * scale + min},
 * float16 widened, float32 as they are, int32 (shapes and axes of graph models) as floats.
 *
 * @param topology the {@code modelTopology} node
 * @param weights  every weight by name, as float32 in TF's layout (kernels HWIO, depthwise HWCM)
 */
public record TfjsModelFiles(JsonNode topology, Map<String, Tensor> weights) {

    /** A weight: its values, row-major, and its shape. */
    public record Tensor(float[] values, long[] shape) {

        /**
         * A convolution kernel from TF's layout (HWIO, or HWCM for a depthwise one) to PyTorch's and
         * ONNX's (OIHW, depthwise (C*M, 1, H, W)).
         */
        public float[] toOihw(boolean depthwise) {
            int kh = (int) shape[0];
            int kw = (int) shape[1];
            int ci = (int) shape[2];
            int co = (int) shape[3];
            int inPerGroup = depthwise ? 1 : ci;
            float[] kernel = new float[values.length];
            for (int y = 0; y < kh; y++) {
                for (int x = 0; x < kw; x++) {
                    for (int i = 0; i < ci; i++) {
                        for (int o = 0; o < co; o++) {
                            int oc = depthwise ? i * co + o : o;
                            int ic = depthwise ? 0 : i;
                            kernel[((oc * inPerGroup + ic) * kh + y) * kw + x] = values[((y * kw + x) * ci + i) * co + o];
                        }
                    }
                }
            }
            return kernel;
        }
    }

    /** The named weight; an error naming it when the model has none. */
    public Tensor require(String name) {
        Tensor t = weights.get(name);
        if (t == null) {
            throw new IllegalArgumentException("the model has no weight " + name);
        }
        return t;
    }

    /** Reads {@code dir/model.json} and its shards. */
    public static TfjsModelFiles read(Path dir) throws IOException {
        return readJson(dir.resolve("model.json"));
    }

    /** Reads a model file of any name; its shards sit beside it. */
    public static TfjsModelFiles readJson(Path modelJson) throws IOException {
        Path dir = modelJson.toAbsolutePath().getParent();
        JsonNode model = new ObjectMapper().readTree(modelJson.toFile());
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (JsonNode group : model.path("weightsManifest")) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (JsonNode p : group.path("paths")) {
                bytes.write(Files.readAllBytes(dir.resolve(p.asText())));
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            for (JsonNode w : group.path("weights")) {
                long[] shape = new long[w.path("shape").size()];
                int n = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = w.path("shape").get(i).asLong();
                    n *= (int) shape[i];
                }
                weights.put(w.path("name").asText(), new Tensor(values(buffer, n, w), shape));
            }
            if (buffer.hasRemaining()) {
                throw new IOException("weights of " + dir + " have " + buffer.remaining() + " bytes the manifest does not name");
            }
        }
        return new TfjsModelFiles(model.path("modelTopology"), weights);
    }

    private static float[] values(ByteBuffer buffer, int n, JsonNode w) throws IOException {
        float[] v = new float[n];
        JsonNode q = w.path("quantization");
        String dtype = q.isMissingNode() ? w.path("dtype").asText("float32") : q.path("dtype").asText();
        switch (dtype) {
            case "uint8" -> {
                float scale = (float) q.path("scale").asDouble();
                float min = (float) q.path("min").asDouble();
                for (int i = 0; i < n; i++) {
                    v[i] = (buffer.get() & 0xff) * scale + min;
                }
            }
            case "float16" -> {
                for (int i = 0; i < n; i++) {
                    v[i] = Float.float16ToFloat(buffer.getShort());
                }
            }
            case "int32" -> {
                // shapes, paddings and axes of graph models: small integers, exact as floats
                for (int i = 0; i < n; i++) {
                    v[i] = buffer.getInt();
                }
            }
            case "float32" -> {
                for (int i = 0; i < n; i++) {
                    v[i] = buffer.getFloat();
                }
            }
            default -> throw new IOException("weight " + w.path("name").asText() + " has dtype " + dtype + ", which is not read here");
        }
        return v;
    }
}
