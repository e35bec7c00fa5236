package io.mercator.vision.model.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A Keras functional model (TF.js "layers" format) run op by op on DJL NDArrays (PyTorch), in NCHW:
 * the layers {@link KerasGraph} read, each compiled once into a step, so a forward pass is
 * convolutions, clips, adds and pools only. The reference the ONNX export is checked against.
 * Thread-safe: weights are read-only and each forward pass allocates in its own sub-manager.
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
        return compile(KerasGraph.read(files), parent);
    }

    /** Compiles read layers into DJL steps; {@code parent} owns the weights until {@link #close()}. */
    public static KerasNetwork compile(KerasGraph graph, NDManager parent) {
        NDManager w = parent.newSubManager();
        List<Step> steps = new ArrayList<>();
        for (KerasGraph.Layer layer : graph.layers()) {
            steps.add(new Step(layer.name(), layer.inputs(), op(layer, w)));
        }
        return new KerasNetwork(w, List.copyOf(steps), graph.input());
    }

    private static Function<NDList, NDArray> op(KerasGraph.Layer layer, NDManager w) {
        return switch (layer) {
            case KerasGraph.Pad p -> {
                // DJL pads the last axis first: left, right, top, bottom
                Shape pad = new Shape(p.left(), p.right(), p.top(), p.bottom());
                yield x -> x.singletonOrThrow().pad(pad, 0);
            }
            case KerasGraph.Conv c -> {
                NDArray kernel = w.create(c.kernel(), new Shape(c.shape()));
                NDArray bias = w.create(c.bias());
                Shape stride = new Shape(c.strides()[0], c.strides()[1]);
                Shape pad = new Shape(c.pads()[0], c.pads()[1]);
                Shape dilation = new Shape(c.dilations()[0], c.dilations()[1]);
                yield x -> Conv2d.conv2d(x.singletonOrThrow(), kernel, bias, stride, pad, dilation, c.groups()).singletonOrThrow();
            }
            case KerasGraph.Affine a -> {
                NDArray scale = w.create(a.scale(), new Shape(1, a.scale().length, 1, 1));
                NDArray shift = w.create(a.shift(), new Shape(1, a.shift().length, 1, 1));
                yield x -> x.singletonOrThrow().mul(scale).add(shift);
            }
            case KerasGraph.Relu r -> Double.isInfinite(r.max())
                    ? x -> Activation.relu(x.singletonOrThrow())
                    : x -> x.singletonOrThrow().clip(0, r.max());
            case KerasGraph.Add a -> x -> {
                NDArray sum = x.get(0);
                for (int i = 1; i < x.size(); i++) {
                    sum = sum.add(x.get(i));
                }
                return sum;
            };
            case KerasGraph.AvgPool p -> {
                Shape size = new Shape(p.size()[0], p.size()[1]);
                Shape stride = new Shape(p.strides()[0], p.strides()[1]);
                yield x -> Pool.avgPool2d(x.singletonOrThrow(), size, stride, new Shape(0, 0), false, true);
            }
            case KerasGraph.Flatten f -> x -> {
                NDArray t = x.singletonOrThrow();
                return t.transpose(0, 2, 3, 1).reshape(t.getShape().get(0), -1);
            };
            case KerasGraph.Dense d -> {
                NDArray kernel = w.create(d.kernel(), new Shape(d.in(), d.out())).transpose();
                NDArray bias = d.bias() == null ? null : w.create(d.bias());
                Function<NDArray, NDArray> act = switch (d.activation()) {
                    case "relu" -> Activation::relu;
                    case "softmax" -> a -> a.softmax(-1);
                    case "sigmoid" -> Activation::sigmoid;
                    default -> a -> a;
                };
                yield x -> act.apply(Linear.linear(x.singletonOrThrow(), kernel, bias).singletonOrThrow());
            }
        };
    }
}
