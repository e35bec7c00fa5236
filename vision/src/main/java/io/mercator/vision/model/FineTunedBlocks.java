package io.mercator.vision.model;

import io.mercator.vision.model.tfjs.KerasGraph;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backbone's later blocks retrained for the clothing categories: the layers after {@code from}
 * up to {@code to}, with weights of their own. They run beside the original blocks (which the NSFW
 * head and the near-duplicate embedding keep reading), from the same activations at {@code from},
 * and the category head reads their pooled output. Only the convolutions' weights are kept: the
 * layers' shapes come from the pretrained network they were trained from.
 *
 * @param weights per convolution: its kernel (OIHW) and its bias
 */
public record FineTunedBlocks(String from, String to, Map<String, float[][]> weights) {

    /** Where the copy's layers are named in the running graph. */
    public static final String PREFIX = "category/";
    private static final int FORMAT = 1;

    /** Whether two sets of blocks (either may be null: none) are the same layers with the same weights. */
    public static boolean same(FineTunedBlocks a, FineTunedBlocks b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (!a.from.equals(b.from) || !a.to.equals(b.to) || !a.weights.keySet().equals(b.weights.keySet())) {
            return false;
        }
        for (Map.Entry<String, float[][]> e : a.weights.entrySet()) {
            if (!Arrays.deepEquals(e.getValue(), b.weights.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** The copy's last layer, as the running graph names it: what the category head pools. */
    public String output() {
        return PREFIX + to;
    }

    /** The retrained layers, renamed under {@link #PREFIX}, reading {@code from} of {@code base}. */
    public List<KerasGraph.Layer> layers(KerasGraph base) {
        List<KerasGraph.Layer> out = new ArrayList<>();
        for (KerasGraph.Layer l : base.between(from, to)) {
            List<String> in = l.inputs().stream().map(i -> i.equals(from) ? i : PREFIX + i).toList();
            String name = PREFIX + l.name();
            out.add(switch (l) {
                case KerasGraph.Conv c -> {
                    float[][] w = weights.get(c.name());
                    if (w == null) {
                        throw new IllegalArgumentException("no retrained weights for " + c.name());
                    }
                    KerasGraph.Conv trained = c.withWeights(w[0], w[1]);
                    yield new KerasGraph.Conv(name, in, trained.kernel(), trained.shape(), trained.bias(), trained.strides(),
                            trained.pads(), trained.dilations(), trained.groups());
                }
                case KerasGraph.Pad p -> new KerasGraph.Pad(name, in, p.top(), p.bottom(), p.left(), p.right());
                case KerasGraph.Relu r -> new KerasGraph.Relu(name, in, r.max());
                case KerasGraph.Add a -> new KerasGraph.Add(name, in);
                case KerasGraph.Affine a -> new KerasGraph.Affine(name, in, a.scale(), a.shift());
                case KerasGraph.AvgPool p -> new KerasGraph.AvgPool(name, in, p.size(), p.strides());
                case KerasGraph.Flatten f -> new KerasGraph.Flatten(name, in);
                case KerasGraph.Dense d -> new KerasGraph.Dense(name, in, d.kernel(), d.in(), d.out(), d.bias(), d.activation());
            });
        }
        return out;
    }

    public void write(OutputStream stream) throws IOException {
        DataOutputStream out = new DataOutputStream(stream);
        out.writeInt(FORMAT);
        out.writeUTF(from);
        out.writeUTF(to);
        out.writeInt(weights.size());
        for (Map.Entry<String, float[][]> e : weights.entrySet()) {
            out.writeUTF(e.getKey());
            for (float[] a : e.getValue()) {
                out.writeInt(a.length);
                for (float v : a) {
                    out.writeFloat(v);
                }
            }
        }
        out.flush();
    }

    public static FineTunedBlocks read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException("retrained blocks of format " + format + ", not " + FORMAT);
        }
        String from = in.readUTF();
        String to = in.readUTF();
        int n = in.readInt();
        Map<String, float[][]> weights = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            float[][] w = new float[2][];
            for (int j = 0; j < 2; j++) {
                w[j] = new float[in.readInt()];
                for (int k = 0; k < w[j].length; k++) {
                    w[j][k] = in.readFloat();
                }
            }
            weights.put(name, w);
        }
        return new FineTunedBlocks(from, to, weights);
    }
}
