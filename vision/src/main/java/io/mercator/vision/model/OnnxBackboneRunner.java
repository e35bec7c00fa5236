package io.mercator.vision.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.mercator.vision.model.onnx.OnnxModelWriter;
import io.mercator.vision.model.tfjs.KerasGraph;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The backbone written as an ONNX graph at load ({@link OnnxModelWriter}, in memory, nothing on
 * disk) and run by ONNX Runtime through DJL. ONNX Runtime plans the whole graph once (fusing each
 * convolution with its ReLU6, laying memory out ahead) where PyTorch runs op by op: the forward pass
 * is most of a photo's time. One intra-op thread a pass by default, with spinning off so that an
 * idle pool does not take the cores {@code /feed} needs; passes run side by side on the vision
 * workers. Thread-safe: a session runs concurrent calls.
 */
final class OnnxBackboneRunner implements BackboneRunner {

    private final Model model;
    private final OrtSession.SessionOptions options;
    private final int[] chw;
    private final boolean pooled;
    private final int outputs;

    private OnnxBackboneRunner(Model model, OrtSession.SessionOptions options, int[] chw, boolean pooled, int outputs) {
        this.model = model;
        this.options = options;
        this.chw = chw;
        this.pooled = pooled;
        this.outputs = outputs;
    }

    static OnnxBackboneRunner load(KerasGraph graph, int[] chw, List<String> pooled, List<String> outputs, int threads) {
        byte[] onnx = OnnxModelWriter.write(graph, chw, pooled, outputs);
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        Model model = Model.newInstance("backbone", "OnnxRuntime");
        try {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            model.load(new ByteArrayInputStream(onnx), Map.of("sessionOptions", options));
            OnnxBackboneRunner runner = new OnnxBackboneRunner(model, options, chw, !pooled.isEmpty(), outputs.size());
            runner.run(new float[chw[0] * chw[1] * chw[2]], 1); // the first run allocates and plans: not a photo's cost
            return runner;
        } catch (OrtException | MalformedModelException e) {
            model.close();
            options.close();
            throw new IllegalStateException("ONNX Runtime refused the backbone graph: " + e.getMessage(), e);
        } catch (IOException e) {
            model.close();
            options.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            model.close();
            options.close();
            throw e;
        }
    }

    @Override
    public Result run(float[] nchw, int n) {
        try (NDManager call = model.getNDManager().newSubManager()) {
            NDArray x = call.create(FloatBuffer.wrap(nchw), new Shape(n, chw[0], chw[1], chw[2]));
            NDList out = model.getBlock().forward(new ParameterStore(call, false), new NDList(x), false);
            int first = pooled ? 1 : 0;
            if (out.size() != outputs + first) {
                throw new IllegalStateException("the backbone graph gave " + out.size() + " outputs, not " + (outputs + first));
            }
            List<float[]> named = new ArrayList<>(outputs);
            for (int o = first; o < out.size(); o++) {
                named.add(out.get(o).toFloatArray());
            }
            return new Result(pooled ? out.get(0).toFloatArray() : new float[0], named);
        }
    }

    @Override
    public String engine() {
        return "ONNX Runtime " + Engine.getEngine("OnnxRuntime").getVersion();
    }

    @Override
    public void close() {
        model.close();
        options.close();
    }
}
