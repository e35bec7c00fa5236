package io.mercator.vision.model.tfjs;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Keras functional model (TF.js "layers" format) read into plain layers, in NCHW and in the order
 * the model lists them, ready for a runtime to execute: kernels are transposed to OIHW, and every
 * batch normalisation that alone follows a convolution is folded into that convolution's weights and
 * bias. {@link KerasNetwork} runs these layers op by op on DJL; {@code OnnxModelWriter} writes them as
 * an ONNX graph.
 *
 * <p>The layers it reads are the ones MobileNetV2 uses (InputLayer, ZeroPadding2D, Conv2D,
 * DepthwiseConv2D, BatchNormalization, ReLU, Add, AveragePooling2D, Flatten, Dropout, Dense); any
 * other makes {@link #read} fail with the layer's name.
 *
 * @param input  the input layer's name
 * @param layers the layers in an order where every input comes before its consumers
 */
public record KerasGraph(String input, List<Layer> layers) {

    /** One layer: its name (which is also its output's name) and the names of its inputs. */
    public sealed interface Layer {
        String name();

        List<String> inputs();
    }

    /** Zero padding of the two spatial axes. */
    public record Pad(String name, List<String> inputs, int top, int bottom, int left, int right) implements Layer {
    }

    /**
     * A 2-d convolution with symmetric padding.
     *
     * @param kernel OIHW, row-major ({@code shape}); for a depthwise convolution O = groups, I = 1
     */
    public record Conv(String name, List<String> inputs, float[] kernel, long[] shape, float[] bias,
                       int[] strides, int[] pads, int[] dilations, int groups) implements Layer {

        /** The same convolution with other weights of the same shapes. */
        public Conv withWeights(float[] newKernel, float[] newBias) {
            if (newKernel.length != kernel.length || newBias.length != bias.length) {
                throw new IllegalArgumentException(name + ": weights of another shape");
            }
            return new Conv(name, inputs, newKernel, shape, newBias, strides, pads, dilations, groups);
        }
    }

    /** A per-channel affine map {@code x * scale + shift}: a batch norm that could not be folded. */
    public record Affine(String name, List<String> inputs, float[] scale, float[] shift) implements Layer {
    }

    /** ReLU, capped at {@code max} (ReLU6: 6; plain ReLU: infinity). */
    public record Relu(String name, List<String> inputs, double max) implements Layer {
    }

    /** The element-wise sum of the inputs. */
    public record Add(String name, List<String> inputs) implements Layer {
    }

    /** Average pooling without padding. */
    public record AvgPool(String name, List<String> inputs, int[] size, int[] strides) implements Layer {
    }

    /** Flattening to one vector per image, channels last, as Keras flattens NHWC. */
    public record Flatten(String name, List<String> inputs) implements Layer {
    }

    /**
     * A fully connected layer.
     *
     * @param kernel     [in, out], row-major
     * @param bias       nullable
     * @param activation linear, relu, softmax or sigmoid
     */
    public record Dense(String name, List<String> inputs, float[] kernel, int in, int out, float[] bias,
                        String activation) implements Layer {
    }

    /** Reads the layers of a TF.js layers model. */
    public static KerasGraph read(TfjsModelFiles files) {
        JsonNode layers = files.topology().path("model_config").path("config").path("layers");
        if (!layers.isArray() || layers.isEmpty()) {
            throw new IllegalArgumentException("not a Keras layers model: no model_config.config.layers");
        }
        Map<String, Integer> consumers = new HashMap<>();
        for (JsonNode l : layers) {
            for (String in : inbound(l)) {
                consumers.merge(in, 1, Integer::sum);
            }
        }
        List<Layer> out = new ArrayList<>();
        Map<String, String> alias = new HashMap<>(); // a folded batch norm's or a dropout's name -> the layer that now yields it
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
                    out.add(new Pad(name, in, p.get(0).get(0).asInt(), p.get(0).get(1).asInt(), p.get(1).get(0).asInt(), p.get(1).get(1).asInt()));
                }
                case "Conv2D", "DepthwiseConv2D" -> {
                    // a batch norm that alone reads this convolution is folded into it
                    JsonNode bn = foldableBatchNorm(layers, name, consumers);
                    out.add(convolution(files, l, bn, in));
                    if (bn != null) {
                        alias.put(bn.path("name").asText(), name);
                    }
                }
                case "BatchNormalization" -> {
                    if (!alias.containsKey(name)) {
                        Fold f = Fold.of(files, l);
                        out.add(new Affine(name, in, f.scale(), f.shift()));
                    }
                }
                case "ReLU" -> {
                    JsonNode max = c.path("max_value");
                    out.add(new Relu(name, in, max.isNull() || max.isMissingNode() ? Double.POSITIVE_INFINITY : max.asDouble()));
                }
                case "Add" -> out.add(new Add(name, in));
                case "AveragePooling2D" -> {
                    if (!"valid".equals(c.path("padding").asText())) {
                        throw new IllegalArgumentException(name + ": only valid padding is read for pooling");
                    }
                    out.add(new AvgPool(name, in, pair(c.path("pool_size")), pair(c.path("strides"))));
                }
                case "Flatten" -> out.add(new Flatten(name, in));
                case "Dense" -> out.add(dense(files, l, in));
                default -> throw new IllegalArgumentException("layer " + name + " is a " + cls + ", which this interpreter does not run");
            }
        }
        if (input == null) {
            throw new IllegalArgumentException("the model has no InputLayer");
        }
        return new KerasGraph(input, List.copyOf(out));
    }

    /**
     * The layers after {@code from} up to and including {@code to}: the part of the network that
     * reads {@code from}'s output (a network without branches, like MobileNetV2 past its stem).
     */
    public List<Layer> between(String from, String to) {
        int start = -1;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).name().equals(from)) {
                start = i + 1;
            }
            if (start >= 0 && layers.get(i).name().equals(to)) {
                return layers.subList(start, i + 1);
            }
        }
        throw new IllegalArgumentException("no layers from " + from + " to " + to);
    }

    /** This graph with more layers after its own. */
    public KerasGraph with(List<Layer> more) {
        List<Layer> all = new ArrayList<>(layers);
        all.addAll(more);
        return new KerasGraph(input, List.copyOf(all));
    }

    /** The layer of that name. */
    public Layer layer(String name) {
        return layers.stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no layer " + name));
    }

    /** How many layers read {@code name}. */
    public int consumers(String name) {
        int n = 0;
        for (Layer l : layers) {
            for (String i : l.inputs()) {
                if (i.equals(name)) {
                    n++;
                }
            }
        }
        return n;
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

    private static Conv convolution(TfjsModelFiles files, JsonNode l, JsonNode bn, List<String> in) {
        String name = l.path("name").asText();
        JsonNode c = l.path("config");
        boolean depthwise = l.path("class_name").asText().equals("DepthwiseConv2D");
        TfjsModelFiles.Tensor k = files.require(name + (depthwise ? "/depthwise_kernel" : "/kernel"));
        // TF: HWIO (conv) or HWCM (depthwise, M = 1 here); here OIHW, depthwise (C,1,H,W)
        int kh = (int) k.shape()[0];
        int kw = (int) k.shape()[1];
        int ci = (int) k.shape()[2];
        int co = (int) k.shape()[3];
        if (depthwise && co != 1) {
            throw new IllegalArgumentException(name + ": depth multiplier " + co + " is not read here");
        }
        int outChannels = depthwise ? ci : co;
        int inPerGroup = depthwise ? 1 : ci;
        float[] kernel = k.toOihw(depthwise);
        float[] bias = new float[outChannels];
        if (c.path("use_bias").asBoolean(false)) {
            System.arraycopy(files.require(name + "/bias").values(), 0, bias, 0, bias.length);
        }
        if (bn != null) {
            Fold fold = Fold.of(files, bn);
            int per = inPerGroup * kh * kw;
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
        int[] strides = pair(c.path("strides"));
        String padding = c.path("padding").asText();
        if ("same".equals(padding) && (strides[0] != 1 || strides[1] != 1)) {
            throw new IllegalArgumentException(name + ": 'same' padding with a stride is asymmetric in TF and is not read here");
        }
        int[] pads = "same".equals(padding) ? new int[] {(kh - 1) / 2, (kw - 1) / 2} : new int[] {0, 0};
        return new Conv(name, in, kernel, new long[] {outChannels, inPerGroup, kh, kw}, bias, strides, pads,
                pair(c.path("dilation_rate")), depthwise ? ci : 1);
    }

    /** A batch norm as a per-channel affine map: {@code y = x * scale + shift}. */
    private record Fold(float[] scale, float[] shift) {
        static Fold of(TfjsModelFiles files, JsonNode bn) {
            String name = bn.path("name").asText();
            double eps = bn.path("config").path("epsilon").asDouble(1e-3);
            float[] mean = files.require(name + "/moving_mean").values();
            float[] var = files.require(name + "/moving_variance").values();
            boolean center = bn.path("config").path("center").asBoolean(true);
            boolean scaleOn = bn.path("config").path("scale").asBoolean(true);
            float[] gamma = scaleOn ? files.require(name + "/gamma").values() : null;
            float[] beta = center ? files.require(name + "/beta").values() : null;
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

    private static Dense dense(TfjsModelFiles files, JsonNode l, List<String> in) {
        String name = l.path("name").asText();
        TfjsModelFiles.Tensor k = files.require(name + "/kernel"); // [in, out]
        float[] bias = l.path("config").path("use_bias").asBoolean(true) ? files.require(name + "/bias").values() : null;
        String activation = l.path("config").path("activation").asText("linear");
        if (!List.of("relu", "softmax", "sigmoid", "linear").contains(activation)) {
            throw new IllegalArgumentException(name + ": activation " + activation + " is not read here");
        }
        return new Dense(name, in, k.values(), (int) k.shape()[0], (int) k.shape()[1], bias, activation);
    }

    private static int[] pair(JsonNode pair) {
        if (!pair.isArray() || pair.size() != 2) {
            return new int[] {1, 1};
        }
        return new int[] {pair.get(0).asInt(), pair.get(1).asInt()};
    }
}
