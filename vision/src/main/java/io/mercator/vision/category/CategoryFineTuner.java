package io.mercator.vision.category;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.mercator.vision.model.FineTunedBlocks;
import io.mercator.vision.model.tfjs.KerasGraph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Retrains the backbone's later blocks for the clothing categories, on DJL's PyTorch engine with
 * its autograd. The network below {@code from} stays as ImageNet left it (its activations are
 * computed once per view of a photo, by the caller); the blocks from there to {@code to} start from
 * the pretrained weights (batch norm folded in) and learn, under a temporary linear classifier on
 * their mean-pooled output, with Adam, a cosine-decaying learning rate (ten times higher for the
 * classifier, which starts from nothing), dropout before the classifier, label smoothing and weight
 * decay. Each epoch shows every photo once, in one of its views picked at random (the photo, its
 * mirror image, crops), so the blocks see variety without one pass per view. Every random draw
 * (views, order, dropout masks, the classifier's start) comes from the seed, so a run on the same
 * number of PyTorch threads repeats (on another, float sums come in another order and drift).
 * The classifier is returned with the blocks: it learnt with them, on the augmented views and
 * under dropout, which a head fitted afterwards on the training photos' clean output does not.
 */
public final class CategoryFineTuner {

    /**
     * @param epochs         passes over the photos; a fixed number, not chosen on the validation photos
     * @param learningRate   Adam's rate for the blocks at the start
     * @param batch          photos a step
     * @param dropout        share of pooled features dropped before the classifier while training
     * @param labelSmoothing share of a label's weight spread over every class
     * @param seed           for the views picked, the order, the dropout masks and the classifier's start
     */
    public record Options(int epochs, float learningRate, int batch, float dropout, float labelSmoothing, float weightDecay,
                          long seed) {

        public static Options defaults(int epochs) {
            return new Options(epochs, 1e-4f, 32, 0.2f, 0.1f, 1e-4f, 7);
        }
    }

    /**
     * One training photo.
     *
     * @param views its activations at {@code from}, one array per view (C x H x W each), in half
     *              precision: clothing-small's four views of 3,068 photos take 460 MB so, not 920
     * @param label its class, an index into the classes
     */
    public record Example(List<short[]> views, int label) {

        /** Keeps full-precision activations in half precision. */
        public static short[] half(float[] activations) {
            short[] h = new short[activations.length];
            for (int i = 0; i < h.length; i++) {
                h[i] = Float.floatToFloat16(activations[i]);
            }
            return h;
        }
    }

    private final KerasGraph graph;
    private final String from;
    private final String to;
    private final long[] chw;

    /**
     * @param graph the pretrained network
     * @param from  the last layer that stays as it is
     * @param to    the last layer retrained (its output is pooled)
     * @param chw   the shape of {@code from}'s output for one photo
     */
    public CategoryFineTuner(KerasGraph graph, String from, String to, long[] chw) {
        this.graph = graph;
        this.from = from;
        this.to = to;
        this.chw = chw.clone();
    }

    /**
     * What training gives.
     *
     * @param blocks     the retrained blocks
     * @param classifier per class, the weights over the blocks' mean-pooled output, then the bias
     */
    public record Trained(FineTunedBlocks blocks, float[][] classifier) {
    }

    /** Hears each finished epoch: its number from 0 and the mean training loss of its steps. */
    public interface Progress {
        void epoch(int epoch, double meanLoss);
    }

    /** Trains the blocks and their classifier. Blocking, minutes on two cores for clothing-small. */
    public Trained train(List<Example> examples, int classes, Options o, Progress progress) {
        if (examples.size() < o.batch()) {
            throw new IllegalArgumentException("fine-tuning needs at least a batch of photos: " + examples.size() + " < " + o.batch());
        }
        List<KerasGraph.Layer> layers = graph.between(from, to);
        int dim = (int) (chw[0] * chw[1] * chw[2]);
        Random random = new Random(o.seed());
        Engine engine = Engine.getEngine("PyTorch");
        try (NDManager m = engine.newBaseManager()) {
            Map<String, NDArray[]> params = new LinkedHashMap<>();
            for (KerasGraph.Layer l : layers) {
                if (l instanceof KerasGraph.Conv c) {
                    params.put(c.name(), new NDArray[] {trainable(m.create(c.kernel(), new Shape(c.shape()))), trainable(m.create(c.bias()))});
                }
            }
            int width = pooledWidth(layers);
            float[] start = new float[classes * width];
            for (int i = 0; i < start.length; i++) {
                start[i] = (float) (random.nextGaussian() * 0.01);
            }
            NDArray[] classifier = {trainable(m.create(start, new Shape(classes, width))), trainable(m.zeros(new Shape(classes)))};
            int steps = o.epochs() * (examples.size() / o.batch());
            Tracker cosine = n -> (float) (o.learningRate() * 0.5 * (1 + Math.cos(Math.PI * Math.min(n, steps) / Math.max(1, steps))));
            Optimizer blocks = Optimizer.adam().optLearningRateTracker(cosine).optWeightDecays(o.weightDecay()).build();
            Tracker classifierRate = n -> 10 * cosine.getNewValue(n);
            Optimizer head = Optimizer.adam().optLearningRateTracker(classifierRate).optWeightDecays(o.weightDecay()).build();
            for (int epoch = 0; epoch < o.epochs(); epoch++) {
                List<short[]> views = new ArrayList<>(examples.size());
                List<Integer> labels = new ArrayList<>(examples.size());
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < examples.size(); i++) {
                    order.add(i);
                }
                Collections.shuffle(order, random);
                double lossSum = 0;
                int stepsDone = 0;
                for (int i : order) {
                    Example e = examples.get(i);
                    views.add(e.views().get(random.nextInt(e.views().size())));
                    labels.add(e.label());
                }
                for (int at = 0; at + o.batch() <= views.size(); at += o.batch()) {
                    try (NDManager step = m.newSubManager()) {
                        float[] x = new float[o.batch() * dim];
                        float[] y = new float[o.batch() * classes];
                        float[] keep = new float[o.batch() * width];
                        for (int i = 0; i < keep.length; i++) {
                            keep[i] = random.nextFloat() < o.dropout() ? 0 : 1 / (1 - o.dropout());
                        }
                        for (int i = 0; i < o.batch(); i++) {
                            short[] view = views.get(at + i);
                            for (int j = 0; j < dim; j++) {
                                x[i * dim + j] = Float.float16ToFloat(view[j]);
                            }
                            for (int k = 0; k < classes; k++) {
                                y[i * classes + k] = o.labelSmoothing() / classes + (labels.get(at + i) == k ? 1 - o.labelSmoothing() : 0);
                            }
                        }
                        NDArray input = step.create(x, new Shape(o.batch(), chw[0], chw[1], chw[2]));
                        NDArray target = step.create(y, new Shape(o.batch(), classes));
                        try (GradientCollector gc = engine.newGradientCollector()) {
                            NDArray pooled = forward(layers, params, input);
                            NDArray logits = pooled.mul(step.create(keep, pooled.getShape())).matMul(classifier[0].transpose()).add(classifier[1]);
                            NDArray loss = logits.logSoftmax(1).mul(target).sum(new int[] {1}).neg().mean();
                            gc.backward(loss);
                            lossSum += loss.getFloat();
                            stepsDone++;
                        }
                        for (Map.Entry<String, NDArray[]> p : params.entrySet()) {
                            update(blocks, p.getKey(), p.getValue(), step);
                        }
                        update(head, "classifier", classifier, step);
                    }
                }
                progress.epoch(epoch, lossSum / stepsDone);
            }
            Map<String, float[][]> weights = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray[]> p : params.entrySet()) {
                weights.put(p.getKey(), new float[][] {p.getValue()[0].toFloatArray(), p.getValue()[1].toFloatArray()});
            }
            float[] w = classifier[0].toFloatArray();
            float[] b = classifier[1].toFloatArray();
            float[][] linear = new float[classes][width + 1];
            for (int k = 0; k < classes; k++) {
                System.arraycopy(w, k * width, linear[k], 0, width);
                linear[k][width] = b[k];
            }
            return new Trained(new FineTunedBlocks(from, to, weights), linear);
        }
    }

    private static NDArray trainable(NDArray a) {
        a.setRequiresGradient(true);
        return a;
    }

    private static void update(Optimizer optimizer, String name, NDArray[] weights, NDManager step) {
        for (int j = 0; j < weights.length; j++) {
            NDArray grad = weights[j].getGradient();
            grad.attach(step);
            optimizer.update(name + "/" + j, weights[j], grad);
            grad.subi(grad); // gradients add up across backward passes: start the next step from zero
        }
    }

    private int pooledWidth(List<KerasGraph.Layer> layers) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (layers.get(i) instanceof KerasGraph.Conv c) {
                return (int) c.shape()[0];
            }
        }
        throw new IllegalArgumentException("no convolution between " + from + " and " + to);
    }

    /** The retrained blocks on a batch, mean-pooled: [batch, channels]. */
    private NDArray forward(List<KerasGraph.Layer> layers, Map<String, NDArray[]> params, NDArray input) {
        Map<String, NDArray> values = new HashMap<>();
        values.put(from, input);
        NDArray last = input;
        for (KerasGraph.Layer l : layers) {
            NDArray in = values.get(l.inputs().getFirst());
            last = switch (l) {
                case KerasGraph.Conv c -> {
                    NDArray[] p = params.get(c.name());
                    yield Conv2d.conv2d(in, p[0], p[1], new Shape(c.strides()[0], c.strides()[1]), new Shape(c.pads()[0], c.pads()[1]),
                            new Shape(c.dilations()[0], c.dilations()[1]), c.groups()).singletonOrThrow();
                }
                case KerasGraph.Pad p -> in.pad(new Shape(p.left(), p.right(), p.top(), p.bottom()), 0);
                case KerasGraph.Relu r -> Double.isInfinite(r.max()) ? in.clip(0, Float.MAX_VALUE) : in.clip(0, r.max());
                case KerasGraph.Add a -> {
                    NDArray sum = in;
                    for (String other : a.inputs().subList(1, a.inputs().size())) {
                        sum = sum.add(values.get(other));
                    }
                    yield sum;
                }
                default -> throw new IllegalArgumentException(l.name() + ": a " + l.getClass().getSimpleName() + " is not retrained here");
            };
            values.put(l.name(), last);
        }
        return last.mean(new int[] {3}).mean(new int[] {2});
    }
}
