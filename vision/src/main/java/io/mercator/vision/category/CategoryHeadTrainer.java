package io.mercator.vision.category;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Trains the {@link CategoryHead}: L2-regularised logistic regression (liblinear, one-vs-rest) on
 * standardised features; on the validation photos, the regularisation (by accuracy), the softmax
 * temperature (by log-loss) and the "other" floor (2% of them under it).
 */
public final class CategoryHeadTrainer {

    /** A photo's features and its class. */
    public record Example(String label, float[] features) {
    }

    /** The head, the regularisation chosen, and its validation accuracy for each one tried. */
    public record Trained(CategoryHead head, double c, double[] cs, double[] validationAccuracy) {
    }

    public static final double[] CS = {0.001, 0.003, 0.01};
    /** The share of the validation photos (all clothing) that may answer "other". */
    public static final double OTHER_SHARE = 0.02;
    private static final double[] TEMPERATURES = {0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5};

    private CategoryHeadTrainer() {
    }

    public static Trained train(List<Example> train, List<Example> validation) {
        List<String> classes = new ArrayList<>(new TreeSet<>(train.stream().map(Example::label).toList()));
        int d = train.getFirst().features().length;
        float[] mean = new float[d];
        float[] scale = new float[d];
        for (Example e : train) {
            for (int i = 0; i < d; i++) {
                mean[i] += e.features()[i] / train.size();
            }
        }
        for (Example e : train) {
            for (int i = 0; i < d; i++) {
                float v = e.features()[i] - mean[i];
                scale[i] += v * v / train.size();
            }
        }
        for (int i = 0; i < d; i++) {
            scale[i] = (float) Math.sqrt(scale[i]) + 1e-3f;
        }
        Problem problem = new Problem();
        problem.l = train.size();
        problem.n = d + 1;
        problem.bias = 1;
        problem.x = new Feature[train.size()][];
        problem.y = new double[train.size()];
        for (int j = 0; j < train.size(); j++) {
            problem.x[j] = nodes(standardise(train.get(j).features(), mean, scale));
            problem.y[j] = classes.indexOf(train.get(j).label());
        }
        Linear.disableDebugOutput();
        double[] accuracy = new double[CS.length];
        CategoryHead best = null;
        double bestC = 0;
        double bestAccuracy = -1;
        for (int k = 0; k < CS.length; k++) {
            Model model = Linear.train(problem, new Parameter(SolverType.L2R_LR, CS[k], 1e-2));
            CategoryHead head = new CategoryHead(List.copyOf(classes), mean, scale, weights(model, classes, d), 1, 0);
            accuracy[k] = accuracy(head, validation, false);
            if (accuracy[k] > bestAccuracy) {
                bestAccuracy = accuracy[k];
                best = head;
                bestC = CS[k];
            }
        }
        return new Trained(calibrated(best, validation), bestC, CS.clone(), accuracy);
    }

    /**
     * The head of a retraining: the linear classifier that learnt with the retrained blocks
     * ({@link CategoryFineTuner.Trained#classifier()}), over the mean-pooled half of the features
     * (the max-pooled half weighs nothing), unstandardised, with the temperature and the "other"
     * floor set on the validation photos as for a fitted head. Nothing else is fitted here.
     */
    public static CategoryHead retrained(List<String> classes, float[][] classifier, List<Example> validation) {
        int width = classifier[0].length - 1;
        int d = validation.getFirst().features().length;
        if (d != 2 * width) {
            throw new IllegalArgumentException("the classifier reads " + width + " mean-pooled features; the network gives " + d
                    + " features, not the mean- and max-pooled " + 2 * width);
        }
        float[][] weights = new float[classes.size()][d + 1];
        for (int k = 0; k < classes.size(); k++) {
            System.arraycopy(classifier[k], 0, weights[k], 0, width);
            weights[k][d] = classifier[k][width];
        }
        float[] scale = new float[d];
        Arrays.fill(scale, 1f);
        return calibrated(new CategoryHead(List.copyOf(classes), new float[d], scale, weights, 1, 0), validation);
    }

    /** The head with the temperature of lowest validation log-loss and the "other" floor. */
    static CategoryHead calibrated(CategoryHead head, List<Example> validation) {
        List<double[]> scores = validation.stream().map(e -> head.scores(e.features())).toList();
        double bestT = 1;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (double t : TEMPERATURES) {
            double loss = 0;
            for (int i = 0; i < validation.size(); i++) {
                double[] p = CategoryHead.probabilities(scores.get(i), t);
                loss -= Math.log(Math.max(1e-12, p[head.classes().indexOf(validation.get(i).label())]));
            }
            if (loss < bestLoss) {
                bestLoss = loss;
                bestT = t;
            }
        }
        double temperature = bestT;
        double[] best = scores.stream().mapToDouble(s -> java.util.Arrays.stream(CategoryHead.probabilities(s, temperature)).max()
                .orElse(0)).sorted().toArray();
        double floor = best.length == 0 ? 0 : best[(int) Math.floor(OTHER_SHARE * best.length)];
        return new CategoryHead(head.classes(), head.mean(), head.scale(), head.weights(), temperature, floor);
    }

    /** Share of photos whose best class is right ({@code withOther}: counting "other" as wrong). */
    public static double accuracy(CategoryHead head, List<Example> examples, boolean withOther) {
        int ok = 0;
        for (Example e : examples) {
            CategoryHead.Prediction p = head.predict(e.features());
            String label = withOther ? p.label() : p.top().getFirst().label();
            if (label.equals(e.label())) {
                ok++;
            }
        }
        return examples.isEmpty() ? 0 : (double) ok / examples.size();
    }

    private static float[][] weights(Model model, List<String> classes, int d) {
        // liblinear orders its classes by first appearance in the labels: map back to ours
        int[] labels = model.getLabels();
        double[] w = model.getFeatureWeights();
        int columns = model.getNrClass() == 2 ? 1 : model.getNrClass();
        float[][] out = new float[classes.size()][d + 1];
        for (int c = 0; c < labels.length; c++) {
            int k = labels[c];
            for (int i = 0; i <= d; i++) {
                out[k][i] = (float) w[i * columns + c];
            }
        }
        return out;
    }

    static float[] standardise(float[] f, float[] mean, float[] scale) {
        float[] z = new float[f.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = (f[i] - mean[i]) / scale[i];
        }
        return z;
    }

    private static Feature[] nodes(float[] z) {
        Feature[] f = new Feature[z.length];
        for (int i = 0; i < z.length; i++) {
            f[i] = new FeatureNode(i + 1, z[i]);
        }
        return f;
    }

    @Override
    public String toString() {
        return "CategoryHeadTrainer" + Arrays.toString(CS);
    }
}
