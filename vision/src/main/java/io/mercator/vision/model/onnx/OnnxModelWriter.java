package io.mercator.vision.model.onnx;

import io.mercator.vision.model.tfjs.KerasGraph;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link KerasGraph} as an ONNX model (opset 17), so that ONNX Runtime can run a network
 * that ships only as TF.js weights. The graph is the same computation {@link
 * io.mercator.vision.model.tfjs.KerasNetwork} runs op by op; a test holds the two within 1e-4.
 *
 * <p>Written for ONNX Runtime's CPU optimiser: zero padding is folded into the convolution it feeds
 * (Keras pads before each stride-2 depthwise convolution), and ReLU6 is a {@code Clip} whose bounds
 * are constant initializers, which lets the runtime fuse it into the convolution before it. The IR
 * version is 8 because weights that are also graph inputs could be overridden and would not be
 * folded.
 *
 * <p>The outputs are, in this order: {@code pooled}, the mean- then max-pooled activations of each
 * of {@code pooled}'s layers, concatenated per image; then each of {@code layers}' outputs as it is.
 */
public final class OnnxModelWriter {

    static final int OPSET = 17;
    static final long IR_VERSION = 8;
    public static final String POOLED = "pooled";

    // onnx.proto field numbers and enum values used here
    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    private static final int ATTR_INT = 2;
    private static final int ATTR_INTS = 7;

    private final List<ProtoMessage> nodes = new ArrayList<>();
    private final List<ProtoMessage> initializers = new ArrayList<>();
    private final Map<String, String> shared = new HashMap<>();

    private OnnxModelWriter() {
    }

    /**
     * @param graph  the network
     * @param input  the input's shape without the batch axis: channels, height, width
     * @param pooled layers whose activations are pooled into the {@value #POOLED} output
     * @param layers layers returned as they are
     * @return the serialised {@code ModelProto}
     */
    public static byte[] write(KerasGraph graph, int[] input, List<String> pooled, List<String> layers) {
        return new OnnxModelWriter().model(graph, input, pooled, layers);
    }

    private byte[] model(KerasGraph graph, int[] input, List<String> pooled, List<String> layers) {
        Map<String, KerasGraph.Pad> folded = new HashMap<>(); // a pad read by one convolution alone: folded into it
        Map<String, KerasGraph.Layer> byName = new HashMap<>();
        for (KerasGraph.Layer l : graph.layers()) {
            byName.put(l.name(), l);
        }
        for (KerasGraph.Layer l : graph.layers()) {
            if (l instanceof KerasGraph.Conv c && byName.get(c.inputs().getFirst()) instanceof KerasGraph.Pad p
                    && graph.consumers(p.name()) == 1 && !pooled.contains(p.name()) && !layers.contains(p.name())) {
                folded.put(p.name(), p);
            }
        }
        for (KerasGraph.Layer l : graph.layers()) {
            switch (l) {
                case KerasGraph.Pad p -> {
                    if (!folded.containsKey(p.name())) {
                        String pads = initializer(p.name() + "/pads", new long[] {8}, null,
                                new long[] {0, 0, p.top(), p.left(), 0, 0, p.bottom(), p.right()});
                        node("Pad", p.name(), List.of(p.inputs().getFirst(), pads), p.name());
                    }
                }
                case KerasGraph.Conv c -> conv(c, folded.get(c.inputs().getFirst()));
                case KerasGraph.Affine a -> {
                    long[] shape = {1, a.scale().length, 1, 1};
                    node("Mul", a.name() + "/scale", List.of(a.inputs().getFirst(), initializer(a.name() + "/scale", shape, a.scale(), null)),
                            a.name() + "/scaled");
                    node("Add", a.name(), List.of(a.name() + "/scaled", initializer(a.name() + "/shift", shape, a.shift(), null)), a.name());
                }
                case KerasGraph.Relu r -> {
                    if (Double.isInfinite(r.max())) {
                        node("Relu", r.name(), r.inputs(), r.name());
                    } else {
                        node("Clip", r.name(), List.of(r.inputs().getFirst(), scalar(0), scalar((float) r.max())), r.name());
                    }
                }
                case KerasGraph.Add a -> {
                    if (a.inputs().size() < 2) {
                        throw new IllegalArgumentException(a.name() + ": an Add of " + a.inputs().size() + " input");
                    }
                    String sum = a.inputs().getFirst();
                    for (int i = 1; i < a.inputs().size(); i++) {
                        String out = i == a.inputs().size() - 1 ? a.name() : a.name() + "/" + i;
                        node("Add", out, List.of(sum, a.inputs().get(i)), out);
                        sum = out;
                    }
                }
                case KerasGraph.AvgPool p -> node("AveragePool", p.name(), p.inputs(), p.name(),
                        ints("kernel_shape", p.size()[0], p.size()[1]), ints("strides", p.strides()[0], p.strides()[1]));
                case KerasGraph.Flatten f -> {
                    node("Transpose", f.name() + "/nhwc", f.inputs(), f.name() + "/nhwc", ints("perm", 0, 2, 3, 1));
                    node("Flatten", f.name(), List.of(f.name() + "/nhwc"), f.name(), integer("axis", 1));
                }
                case KerasGraph.Dense d -> dense(d);
            }
        }
        List<String> parts = new ArrayList<>();
        for (String p : pooled) {
            for (String kind : List.of("Average", "Max")) {
                String out = p + "/" + kind.toLowerCase();
                node("Global" + kind + "Pool", out + "4d", List.of(p), out + "4d");
                node("Flatten", out, List.of(out + "4d"), out, integer("axis", 1));
                parts.add(out);
            }
        }
        ProtoMessage g = new ProtoMessage();
        if (!parts.isEmpty()) {
            node("Concat", POOLED, parts, POOLED, integer("axis", 1));
        }
        nodes.forEach(n -> g.message(1, n));
        g.string(2, "mercator");
        initializers.forEach(t -> g.message(5, t));
        g.message(11, valueInfo(graph.input(), input));
        if (!parts.isEmpty()) {
            g.message(12, valueInfo(POOLED, null));
        }
        layers.forEach(l -> g.message(12, valueInfo(l, null)));
        return new ProtoMessage()
                .int64(1, IR_VERSION)
                .string(2, "mercator")
                .message(7, g)
                .message(8, new ProtoMessage().string(1, "").int64(2, OPSET))
                .toByteArray();
    }

    private void conv(KerasGraph.Conv c, KerasGraph.Pad pad) {
        int ph = c.pads()[0];
        int pw = c.pads()[1];
        long[] pads = pad == null
                ? new long[] {ph, pw, ph, pw}
                : new long[] {ph + pad.top(), pw + pad.left(), ph + pad.bottom(), pw + pad.right()};
        String x = pad == null ? c.inputs().getFirst() : pad.inputs().getFirst();
        String w = initializer(c.name() + "/W", c.shape(), c.kernel(), null);
        String b = initializer(c.name() + "/B", new long[] {c.bias().length}, c.bias(), null);
        node("Conv", c.name(), List.of(x, w, b), c.name(),
                ints("kernel_shape", c.shape()[2], c.shape()[3]), ints("strides", c.strides()[0], c.strides()[1]),
                ints("dilations", c.dilations()[0], c.dilations()[1]), ints("pads", pads), integer("group", c.groups()));
    }

    private void dense(KerasGraph.Dense d) {
        String w = initializer(d.name() + "/W", new long[] {d.in(), d.out()}, d.kernel(), null);
        boolean linear = d.activation().equals("linear");
        String out = linear ? d.name() : d.name() + "/linear";
        if (d.bias() == null) {
            node("MatMul", out, List.of(d.inputs().getFirst(), w), out);
        } else {
            String b = initializer(d.name() + "/B", new long[] {d.out()}, d.bias(), null);
            node("Gemm", out, List.of(d.inputs().getFirst(), w, b), out);
        }
        switch (d.activation()) {
            case "relu" -> node("Relu", d.name(), List.of(out), d.name());
            case "sigmoid" -> node("Sigmoid", d.name(), List.of(out), d.name());
            case "softmax" -> node("Softmax", d.name(), List.of(out), d.name(), integer("axis", -1));
            default -> {
            }
        }
    }

    private void node(String op, String name, List<String> inputs, String output, ProtoMessage... attributes) {
        ProtoMessage n = new ProtoMessage();
        inputs.forEach(i -> n.string(1, i));
        n.string(2, output).string(3, name).string(4, op);
        for (ProtoMessage a : attributes) {
            n.message(5, a);
        }
        nodes.add(n);
    }

    private static ProtoMessage ints(String name, long... values) {
        return new ProtoMessage().string(1, name).int64s(8, values).int64(20, ATTR_INTS);
    }

    private static ProtoMessage ints(String name, int... values) {
        long[] v = new long[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[i];
        }
        return ints(name, v);
    }

    private static ProtoMessage integer(String name, long value) {
        return new ProtoMessage().string(1, name).int64(3, value).int64(20, ATTR_INT);
    }

    /** A float scalar, written once however many nodes use it. */
    private String scalar(float value) {
        return shared.computeIfAbsent("const/" + value, n -> initializer(n, new long[0], new float[] {value}, null));
    }

    /** Adds a constant tensor, float or int64, and returns its name. */
    private String initializer(String name, long[] dims, float[] floats, long[] longs) {
        ByteBuffer raw = ByteBuffer.allocate(floats != null ? floats.length * 4 : longs.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        if (floats != null) {
            raw.asFloatBuffer().put(floats);
        } else {
            raw.asLongBuffer().put(longs);
        }
        initializers.add(new ProtoMessage()
                .int64s(1, dims)
                .int64(2, floats != null ? FLOAT : INT64)
                .string(8, name)
                .bytes(9, raw.array()));
        return name;
    }

    /** A float tensor's name and type; {@code chw} null leaves the shape to the runtime. */
    private static ProtoMessage valueInfo(String name, int[] chw) {
        ProtoMessage tensor = new ProtoMessage().int64(1, FLOAT);
        if (chw != null) {
            ProtoMessage shape = new ProtoMessage().message(1, new ProtoMessage().string(2, "batch"));
            for (int d : chw) {
                shape.message(1, new ProtoMessage().int64(1, d));
            }
            tensor.message(2, shape);
        }
        return new ProtoMessage().string(1, name).message(2, new ProtoMessage().message(1, tensor));
    }
}
