package io.mercator.vision.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mercator.vision.model.tfjs.KerasGraph;
import io.mercator.vision.model.tfjs.KerasNetwork;

import java.util.ArrayList;
import java.util.List;

/** The backbone run op by op on PyTorch's CPU kernels through DJL: the reference for the ONNX graph. */
final class PyTorchBackboneRunner implements BackboneRunner {

    private final NDManager manager;
    private final KerasNetwork network;
    private final int[] chw;
    private final List<String> pooled;
    private final List<String> outputs;

    private PyTorchBackboneRunner(NDManager manager, KerasNetwork network, int[] chw, List<String> pooled, List<String> outputs) {
        this.manager = manager;
        this.network = network;
        this.chw = chw;
        this.pooled = pooled;
        this.outputs = outputs;
    }

    static PyTorchBackboneRunner load(KerasGraph graph, int[] chw, List<String> pooled, List<String> outputs) {
        NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
        try {
            return new PyTorchBackboneRunner(manager, KerasNetwork.compile(graph, manager), chw, pooled, outputs);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    @Override
    public Result run(float[] nchw, int n) {
        List<String> wanted = new ArrayList<>(pooled);
        wanted.addAll(outputs);
        try (NDManager call = manager.newSubManager()) {
            NDArray x = call.create(nchw, new Shape(n, chw[0], chw[1], chw[2]));
            NDList out = network.forward(call, x, wanted);
            List<NDArray> parts = new ArrayList<>();
            for (int l = 0; l < pooled.size(); l++) {
                NDArray a = out.get(l);
                parts.add(a.mean(new int[] {3}).mean(new int[] {2}));
                parts.add(a.max(new int[] {3}).max(new int[] {2}));
            }
            float[] features = NDArrays.concat(new NDList(parts), 1).toFloatArray();
            List<float[]> named = new ArrayList<>();
            for (int o = 0; o < outputs.size(); o++) {
                named.add(out.get(pooled.size() + o).toFloatArray());
            }
            return new Result(features, named);
        }
    }

    @Override
    public String engine() {
        return "PyTorch " + Engine.getEngine("PyTorch").getVersion();
    }

    @Override
    public void close() {
        network.close();
        manager.close();
    }
}
