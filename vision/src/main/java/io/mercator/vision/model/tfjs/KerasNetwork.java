package io.mercator.vision.model.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A Keras functional model (TF.js "layers" format) run on DJL NDArrays, in NCHW. The layer graph is
 * compiled once into steps: kernels are transposed to PyTorch's layout, and every batch
 * normalisation that follows a convolution is folded into that convolution's weights and bias, so a
 * forward pass is convolutions, clips, adds and pools only.
 *
 * <p>The layers it knows are the ones MobileNetV2 uses (InputLayer, ZeroPadding2D, Conv2D,
 * DepthwiseConv2D, BatchNormalization, ReLU, Add, AveragePooling2D, Flatten, Dropout, Dense); any
 * other makes {@link #compile} fail with the layer's name. Thread-safe: weights are read-only and
 * each forward pass allocates in its own sub-manager.
 */
public final class KerasNetwork implements AutoCloseable {

    private record Step(String name, List<String> inputs, Function<NDList, NDArray> op) {
    }

    private final NDManager weights;
    private final List<Step> steps;
    private final String inputName;

    private KerasNetwork(NDManager weights, List<Step> steps, String inputName) {
        this.weights = weights;
        this.steps = steps;
        this.inputName = inputName;
    }

    /**
     * Runs the network on {@code input} (NCHW) and returns the named layers' outputs, in the order
     * asked, detached from the pass's memory into {@code into}.
     */
    public NDList forward(NDManager into, NDArray input, List<String> outputs) {
        try (NDManager pass = weights.newSubManager()) {
            Map<String, NDArray> values = new HashMap<>();
            NDArray x = input.duplicate();
            x.attach(pass);
            values.put(inputName, x);
            Set<String> wanted = Set.copyOf(outputs);
            int found = 0;
            for (Step s : steps) {
                NDList in = new NDList(s.inputs().size());
                for (String i : s.inputs()) {
                    in.add(values.get(i));
                }
                NDArray y = s.op().apply(in);
                y.attach(pass);
                values.put(s.name(), y);
                if (wanted.contains(s.name()) && ++found == wanted.size()) {
                    break;
                }
            }
            NDList result = new NDList(outputs.size());
            for (String o : outputs) {
                NDArray v = values.get(o);
                if (v == null) {
                    throw new IllegalArgumentException("no layer " + o);
                }
                v.attach(into);
                result.add(v);
            }
            return result;
        }
    }

    @Override
    public void close() {
        weights.close();
    }

    /** Compiles a layers model; {@code parent} owns the weights until {@link #close()}. */
    public static KerasNetwork compile(TfjsModelFiles files, NDManager parent) {
        JsonNode layers = files.topology().path("model_config").path("config").path("layers");
        if (!layers.isArray() || layers.isEmpty()) {
            throw new IllegalArgumentException("not a Keras layers model: no model_config.config.layers");
        }
        NDManager w = parent.newSubManager();
        Map<String, Integer> consumers = new HashMap<>();
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode l : layers) {
            byName.put(l.path("name").asText(), l);
            for (String in : inbound(l)) {
                consumers.merge(in, 1, Integer::sum);
            }
        }
        List<Step> steps = new ArrayList<>();
        Map<String, String> alias = new HashMap<>(); // a folded batch norm's name -> the conv that now yields it
        String input = null;
        for (JsonNode l : layers) {
            String cls = l.path("class_name").asText();
            String name = l.path("name").asText();
            JsonNode c = l.path("config");
            List<String> in = inbound(l).stream().map(i -> alias.getOrDefault(i, i)).toList();
            switch (cls) {
                case "InputLayer" -> input = name;
                case "Dropout" -> alias.put(name, in.getFirst());
                case "ZeroPadding2D" -> {
                    JsonNode p = c.path("padding");
                    Shape pad = new Shape(p.get(1).get(0).asLong(), p.get(1).get(1).asLong(), p.get(0).get(0).asLong(), p.get(0).get(1).asLong());
                    steps.add(new Step(name, in, x -> x.singletonOrThrow().pad(pad, 0)));
                }
                case "Conv2D", "DepthwiseConv2D" -> {
                    // a batch norm that alone reads this convolution is folded into it
                    JsonNode bn = foldableBatchNorm(layers, name, consumers);
                    steps.add(convolution(files, w, l, bn, in));
                    if (bn != null) {
                        alias.put(bn.path("name").asText(), name);
                    }
                }
                case "BatchNormalization" -> {
                    if (!alias.containsKey(name)) {
                        steps.add(batchNorm(files, w, l, in));
                    }
                }
                case "ReLU" -> {
                    JsonNode max = c.path("max_value");
                    steps.add(new Step(name, in, max.isNull() || max.isMissingNode()
                            ? x -> Activation.relu(x.singletonOrThrow())
                            : x -> x.singletonOrThrow().clip(0, max.asDouble())));
                }
                case "Add" -> steps.add(new Step(name, in, x -> {
                    NDArray sum = x.get(0);
                    for (int i = 1; i < x.size(); i++) {
                        sum = sum.add(x.get(i));
                    }
                    return sum;
                }));
                case "AveragePooling2D" -> {
                    Shape size = shape2(c.path("pool_size"));
                    Shape stride = shape2(c.path("strides"));
                    if (!"valid".equals(c.path("padding").asText())) {
                        throw new IllegalArgumentException(name + ": only valid padding is read for pooling");
                    }
                    steps.add(new Step(name, in, x -> Pool.avgPool2d(x.singletonOrThrow(), size, stride, new Shape(0, 0), false, true)));
                }
                case "Flatten" -> steps.add(new Step(name, in, x -> {
                    // Keras flattens NHWC: channels last
                    NDArray t = x.singletonOrThrow();
                    return t.transpose(0, 2, 3, 1).reshape(t.getShape().get(0), -1);
                }));
                case "Dense" -> steps.add(dense(files, w, l, in));
                default -> throw new IllegalArgumentException("layer " + name + " is a " + cls + ", which this interpreter does not run");
            }
        }
        if (input == null) {
            throw new IllegalArgumentException("the model has no InputLayer");
        }
        return new KerasNetwork(w, List.copyOf(steps), input);
    }

    private static List<String> inbound(JsonNode layer) {
        List<String> names = new ArrayList<>();
        JsonNode nodes = layer.path("inbound_nodes");
        if (nodes.isArray() && !nodes.isEmpty()) {
            for (JsonNode e : nodes.get(0)) {
                names.add(e.get(0).asText());
            }
        }
        return names;
    }

    private static JsonNode foldableBatchNorm(JsonNode layers, String conv, Map<String, Integer> consumers) {
        if (consumers.getOrDefault(conv, 0) != 1) {
            return null;
        }
        for (JsonNode l : layers) {
            if (l.path("class_name").asText().equals("BatchNormalization")) {
                List<String> in = inbound(l);
                if (in.size() == 1 && in.getFirst().equals(conv)) {
                    return l;
                }
            }
        }
        return null;
    }

    private static Step convolution(TfjsModelFiles files, NDManager w, JsonNode l, JsonNode bn, List<String> in) {
        String name = l.path("name").asText();
        JsonNode c = l.path("config");
        boolean depthwise = l.path("class_name").asText().equals("DepthwiseConv2D");
        TfjsModelFiles.Tensor k = weight(files, name + (depthwise ? "/depthwise_kernel" : "/kernel"));
        // TF: HWIO (conv) or HWCM (depthwise, M = 1 here); PyTorch: OIHW, depthwise (C,1,H,W)
        long kh = k.shape()[0];
        long kw = k.shape()[1];
        long ci = k.shape()[2];
        long co = k.shape()[3];
        if (depthwise && co != 1) {
            throw new IllegalArgumentException(name + ": depth multiplier " + co + " is not read here");
        }
        long outChannels = depthwise ? ci : co;
        long inPerGroup = depthwise ? 1 : ci;
        float[] kernel = new float[k.values().length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int i = 0; i < ci; i++) {
                    for (int o = 0; o < co; o++) {
                        float v = k.values()[(int) (((y * kw + x) * ci + i) * co + o)];
                        long oc = depthwise ? i : o;
                        long ic = depthwise ? 0 : i;
                        kernel[(int) (((oc * inPerGroup + ic) * kh + y) * kw + x)] = v;
                    }
                }
            }
        }
        float[] bias = new float[(int) outChannels];
        if (c.path("use_bias").asBoolean(false)) {
            System.arraycopy(weight(files, name + "/bias").values(), 0, bias, 0, bias.length);
        }
        if (bn != null) {
            Fold fold = Fold.of(files, bn);
            int per = (int) (inPerGroup * kh * kw);
            for (int o = 0; o < outChannels; o++) {
                for (int j = 0; j < per; j++) {
                    kernel[o * per + j] *= fold.scale[o];
                }
                bias[o] = bias[o] * fold.scale[o] + fold.shift[o];
            }
        }
        if (!"linear".equals(c.path("activation").asText("linear"))) {
            throw new IllegalArgumentException(name + ": activation " + c.path("activation").asText() + " inside a convolution is not read here");
        }
        NDArray kernelArray = w.create(kernel, new Shape(outChannels, inPerGroup, kh, kw));
        NDArray biasArray = w.create(bias);
        Shape stride = shape2(c.path("strides"));
        Shape dilation = shape2(c.path("dilation_rate"));
        String padding = c.path("padding").asText();
        if ("same".equals(padding) && (stride.get(0) != 1 || stride.get(1) != 1)) {
            throw new IllegalArgumentException(name + ": 'same' padding with a stride is asymmetric in TF and is not read here");
        }
        Shape pad = "same".equals(padding) ? new Shape((kh - 1) / 2, (kw - 1) / 2) : new Shape(0, 0);
        int groups = depthwise ? (int) ci : 1;
        return new Step(name, in, x -> Conv2d.conv2d(x.singletonOrThrow(), kernelArray, biasArray, stride, pad, dilation, groups)
                .singletonOrThrow());
    }

    /** A batch norm as a per-channel affine map: {@code y = x * scale + shift}. */
    private record Fold(float[] scale, float[] shift) {
        static Fold of(TfjsModelFiles files, JsonNode bn) {
            String name = bn.path("name").asText();
            double eps = bn.path("config").path("epsilon").asDouble(1e-3);
            float[] mean = weight(files, name + "/moving_mean").values();
            float[] var = weight(files, name + "/moving_variance").values();
            boolean center = bn.path("config").path("center").asBoolean(true);
            boolean scaleOn = bn.path("config").path("scale").asBoolean(true);
            float[] gamma = scaleOn ? weight(files, name + "/gamma").values() : null;
            float[] beta = center ? weight(files, name + "/beta").values() : null;
            float[] scale = new float[mean.length];
            float[] shift = new float[mean.length];
            for (int i = 0; i < mean.length; i++) {
                double s = (gamma == null ? 1 : gamma[i]) / Math.sqrt(var[i] + eps);
                scale[i] = (float) s;
                shift[i] = (float) ((beta == null ? 0 : beta[i]) - mean[i] * s);
            }
            return new Fold(scale, shift);
        }
    }

    private static Step batchNorm(TfjsModelFiles files, NDManager w, JsonNode l, List<String> in) {
        Fold f = Fold.of(files, l);
        NDArray scale = w.create(f.scale(), new Shape(1, f.scale().length, 1, 1));
        NDArray shift = w.create(f.shift(), new Shape(1, f.shift().length, 1, 1));
        return new Step(l.path("name").asText(), in, x -> x.singletonOrThrow().mul(scale).add(shift));
    }

    private static Step dense(TfjsModelFiles files, NDManager w, JsonNode l, List<String> in) {
        String name = l.path("name").asText();
        TfjsModelFiles.Tensor k = weight(files, name + "/kernel"); // [in, out]
        NDArray kernel = w.create(k.values(), new Shape(k.shape())).transpose();
        NDArray bias = l.path("config").path("use_bias").asBoolean(true) ? w.create(weight(files, name + "/bias").values()) : null;
        String activation = l.path("config").path("activation").asText("linear");
        Function<NDArray, NDArray> act = switch (activation) {
            case "relu" -> Activation::relu;
            case "softmax" -> a -> a.softmax(-1);
            case "sigmoid" -> Activation::sigmoid;
            case "linear" -> a -> a;
            default -> throw new IllegalArgumentException(name + ": activation " + activation + " is not read here");
        };
        return new Step(name, in, x -> act.apply(Linear.linear(x.singletonOrThrow(), kernel, bias).singletonOrThrow()));
    }

    private static TfjsModelFiles.Tensor weight(TfjsModelFiles files, String name) {
        TfjsModelFiles.Tensor t = files.weights().get(name);
        if (t == null) {
            throw new IllegalArgumentException("the model has no weight " + name);
        }
        return t;
    }

    private static Shape shape2(JsonNode pair) {
        if (!pair.isArray() || pair.size() != 2) {
            return new Shape(1, 1);
        }
        return new Shape(pair.get(0).asLong(), pair.get(1).asLong());
    }
}
