package io.mercator.fraud.anomaly;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An isolation forest (Liu, Ting and Zhou, 2008): anomalies are few and different, so random
 * axis-parallel splits isolate them in fewer steps than normal points. Each tree is grown on a
 * random subsample of the training rows, splitting on a random feature at a random value between
 * the node's minimum and maximum, down to {@code ceil(log2(subsample))} levels. A row's score is
 * {@code 2^(-E[h(x)] / c(n))}: {@code h} its path length (plus the expected length of the unbuilt
 * subtree below a leaf holding several rows), {@code c(n)} the average path length of an
 * unsuccessful search in a binary search tree of {@code n} rows. Near 1: isolated at once, an
 * anomaly; well below 0.5: a normal row.
 *
 * <p>Why our own: the one isolation forest for the JVM in the registries (Smile) is GPL-3.0, which
 * this project cannot take as a dependency; the algorithm is short and its behaviour is tested on
 * data with known outliers.
 *
 * <p>Explanations ({@link #attributions}): each split on the row's path is credited with the
 * isolation it gained, {@code log2} of the training rows in the node over those on the row's side
 * (a split that leaves the row with half its company gains one bit; one that leaves it alone among
 * 200 gains almost eight), and each feature gets its share of the bits, averaged over the trees.
 * The bits along a path add up to {@code log2} of the subsample over the leaf's rows, so the shares
 * decompose the row's isolation the way the score measures it. This is a path attribution in the
 * spirit of DIFFI (Carletti et al., 2020), simpler than SHAP on the forest; it says which features
 * made the row easy to isolate, not in which direction.
 *
 * <p>Rows are finite numbers (the caller fills missing values, e.g. with the training median);
 * the forest is immutable once built and safe to share between threads.
 */
public final class IsolationForest {

    private static final double EULER = 0.5772156649015329;

    /**
     * How the forest is grown.
     *
     * @param trees     trees in the forest (100 in the paper)
     * @param subsample rows each tree is grown on (256 in the paper)
     * @param seed      the random source's seed: the same rows and seed grow the same forest
     */
    public record Settings(int trees, int subsample, long seed) {
        public Settings {
            if (trees < 1 || subsample < 2) {
                throw new IllegalArgumentException("need at least one tree and a subsample of two rows");
            }
        }

        public static Settings defaults(long seed) {
            return new Settings(100, 256, seed);
        }
    }

    /** A node: a leaf (feature -1) holding {@code size} training rows, or a split. */
    private record Node(int feature, double split, Node left, Node right, int size) {
        boolean leaf() {
            return feature < 0;
        }
    }

    private final List<Node> trees;
    private final int width;
    private final int subsample;
    private final double normaliser;

    private IsolationForest(List<Node> trees, int width, int subsample) {
        this.trees = List.copyOf(trees);
        this.width = width;
        this.subsample = subsample;
        this.normaliser = averagePathLength(subsample);
    }

    /**
     * The forest as data, to write to the model registry and read back: per tree, its nodes in
     * pre-order (a split's left subtree follows it, then its right), with the split feature (-1 for
     * a leaf), the split value and the training rows that reached the node.
     */
    public record Saved(int width, int subsample, List<int[]> features, List<double[]> splits, List<int[]> sizes) {
    }

    public Saved save() {
        List<int[]> features = new ArrayList<>(trees.size());
        List<double[]> splits = new ArrayList<>(trees.size());
        List<int[]> sizes = new ArrayList<>(trees.size());
        for (Node tree : trees) {
            List<Node> order = new ArrayList<>();
            preOrder(tree, order);
            features.add(order.stream().mapToInt(Node::feature).toArray());
            splits.add(order.stream().mapToDouble(Node::split).toArray());
            sizes.add(order.stream().mapToInt(Node::size).toArray());
        }
        return new Saved(width, subsample, features, splits, sizes);
    }

    /** The forest {@link #save()} wrote; it scores exactly as the one saved. */
    public static IsolationForest restore(Saved saved) {
        if (saved.features().size() != saved.splits().size() || saved.features().size() != saved.sizes().size()) {
            throw new IllegalArgumentException("a saved forest needs features, splits and sizes for every tree");
        }
        List<Node> trees = new ArrayList<>(saved.features().size());
        for (int t = 0; t < saved.features().size(); t++) {
            int[] cursor = {0};
            trees.add(rebuild(saved.features().get(t), saved.splits().get(t), saved.sizes().get(t), cursor, saved.width()));
            if (cursor[0] != saved.features().get(t).length) {
                throw new IllegalArgumentException("saved tree " + t + " has nodes beyond its root's subtree");
            }
        }
        return new IsolationForest(trees, saved.width(), saved.subsample());
    }

    private static void preOrder(Node node, List<Node> out) {
        out.add(node);
        if (!node.leaf()) {
            preOrder(node.left(), out);
            preOrder(node.right(), out);
        }
    }

    private static Node rebuild(int[] features, double[] splits, int[] sizes, int[] cursor, int width) {
        int i = cursor[0]++;
        if (i >= features.length) {
            throw new IllegalArgumentException("a saved tree ends inside a split");
        }
        if (features[i] < 0) {
            return new Node(-1, 0, null, null, sizes[i]);
        }
        if (features[i] >= width) {
            throw new IllegalArgumentException("a saved split reads feature " + features[i] + " of " + width);
        }
        Node left = rebuild(features, splits, sizes, cursor, width);
        Node right = rebuild(features, splits, sizes, cursor, width);
        return new Node(features[i], splits[i], left, right, sizes[i]);
    }

    /** Grows a forest on {@code rows} (each of the same width, finite values). */
    public static IsolationForest fit(double[][] rows, Settings settings) {
        if (rows.length < 2) {
            throw new IllegalArgumentException("need at least two rows, got " + rows.length);
        }
        int width = rows[0].length;
        for (double[] r : rows) {
            if (r.length != width) {
                throw new IllegalArgumentException("rows of different widths: " + width + " and " + r.length);
            }
            for (double v : r) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("values must be finite; fill missing ones first");
                }
            }
        }
        int subsample = Math.min(settings.subsample(), rows.length);
        int heightLimit = (int) Math.ceil(Math.log(subsample) / Math.log(2));
        SplittableRandom random = new SplittableRandom(settings.seed());
        List<Node> trees = new ArrayList<>(settings.trees());
        int[] all = new int[rows.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        for (int t = 0; t < settings.trees(); t++) {
            // a subsample without replacement: the first `subsample` of a partial Fisher-Yates shuffle
            for (int i = 0; i < subsample; i++) {
                int j = i + random.nextInt(all.length - i);
                int tmp = all[i];
                all[i] = all[j];
                all[j] = tmp;
            }
            trees.add(grow(rows, Arrays.copyOf(all, subsample), 0, heightLimit, width, random));
        }
        return new IsolationForest(trees, width, subsample);
    }

    private static Node grow(double[][] rows, int[] at, int depth, int heightLimit, int width, SplittableRandom random) {
        if (depth >= heightLimit || at.length <= 1) {
            return new Node(-1, 0, null, null, at.length);
        }
        // a random feature among those that still vary in this node
        int[] varying = new int[width];
        double[] lo = new double[width];
        double[] hi = new double[width];
        int n = 0;
        for (int f = 0; f < width; f++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i : at) {
                min = Math.min(min, rows[i][f]);
                max = Math.max(max, rows[i][f]);
            }
            if (max > min) {
                varying[n] = f;
                lo[n] = min;
                hi[n] = max;
                n++;
            }
        }
        if (n == 0) {
            return new Node(-1, 0, null, null, at.length); // identical rows cannot be told apart
        }
        int pick = random.nextInt(n);
        int feature = varying[pick];
        double split = lo[pick] + random.nextDouble() * (hi[pick] - lo[pick]);
        int left = 0;
        for (int i : at) {
            if (rows[i][feature] < split) {
                left++;
            }
        }
        int[] l = new int[left];
        int[] r = new int[at.length - left];
        int li = 0;
        int ri = 0;
        for (int i : at) {
            if (rows[i][feature] < split) {
                l[li++] = i;
            } else {
                r[ri++] = i;
            }
        }
        return new Node(feature, split, grow(rows, l, depth + 1, heightLimit, width, random),
                grow(rows, r, depth + 1, heightLimit, width, random), at.length);
    }

    /** The anomaly score of a row, in (0, 1): near 1 an anomaly, well below 0.5 normal. */
    public double score(double[] row) {
        check(row);
        double total = 0;
        for (Node tree : trees) {
            total += pathLength(tree, row);
        }
        return Math.pow(2, -(total / trees.size()) / normaliser);
    }

    /**
     * Each feature's share of the bits of isolation the splits on the row's path gained, averaged
     * over the trees; the shares sum to 1 (all 0 when no tree split before isolating it).
     */
    public double[] attributions(double[] row) {
        check(row);
        double[] out = new double[width];
        for (Node tree : trees) {
            double[] credit = new double[width];
            double sum = 0;
            Node node = tree;
            while (!node.leaf()) {
                Node next = row[node.feature()] < node.split() ? node.left() : node.right();
                // a side no training row took: the row is alone beyond them, as good as half a row
                double bits = Math.log(node.size() / Math.max(0.5, next.size())) / Math.log(2);
                credit[node.feature()] += bits;
                sum += bits;
                node = next;
            }
            if (sum > 0) {
                for (int f = 0; f < width; f++) {
                    out[f] += credit[f] / sum / trees.size();
                }
            }
        }
        return out;
    }

    public int width() {
        return width;
    }

    public int trees() {
        return trees.size();
    }

    private void check(double[] row) {
        if (row.length != width) {
            throw new IllegalArgumentException("expected " + width + " features, got " + row.length);
        }
    }

    private static double pathLength(Node tree, double[] row) {
        Node node = tree;
        int depth = 0;
        while (!node.leaf()) {
            node = row[node.feature()] < node.split() ? node.left() : node.right();
            depth++;
        }
        return depth + averagePathLength(node.size());
    }

    /** {@code c(n)}: the average path length of an unsuccessful search in a binary search tree of n keys. */
    static double averagePathLength(int n) {
        if (n <= 1) {
            return 0;
        }
        if (n == 2) {
            return 1;
        }
        double harmonic = Math.log(n - 1) + EULER;
        return 2 * harmonic - 2.0 * (n - 1) / n;
    }
}
