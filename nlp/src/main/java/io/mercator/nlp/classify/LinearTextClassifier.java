package io.mercator.nlp.classify;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Model;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * A logistic-regression text classifier (liblinear, L2-regularised) over {@link HashedNgrams}
 * vectors: one probability per label. Labels are names; liblinear sees their index.
 */
public final class LinearTextClassifier {

    static {
        Linear.disableDebugOutput();
    }

    private final HashedNgrams features;
    private final List<String> labels;
    private final Model model;
    /** Where label {@code i}'s probability sits in liblinear's answer. */
    private final int[] slot;

    private LinearTextClassifier(HashedNgrams features, List<String> labels, Model model) {
        this.features = features;
        this.labels = List.copyOf(labels);
        this.model = model;
        this.slot = new int[labels.size()];
        int[] modelLabels = model.getLabels();
        for (int i = 0; i < labels.size(); i++) {
            slot[i] = -1;
            for (int k = 0; k < modelLabels.length; k++) {
                if (modelLabels[k] == i) {
                    slot[i] = k;
                }
            }
        }
    }

    /** One labelled text: its vector and the index of its label. */
    public record Example(Feature[] vector, int label) {
    }

    /**
     * Trains on {@code examples}.
     *
     * @param c            the inverse regularisation strength
     * @param classWeights per label, how much its errors cost (1 each for plain training); rare
     *                     classes weighted up are found more often, at some precision
     */
    public static LinearTextClassifier train(HashedNgrams features, List<String> labels, List<Example> examples,
                                             double c, double[] classWeights) {
        if (classWeights.length != labels.size()) {
            throw new IllegalArgumentException("one class weight per label");
        }
        Problem problem = new Problem();
        problem.l = examples.size();
        problem.n = features.dimensions();
        problem.bias = -1; // the vectors carry their own constant feature
        problem.x = new Feature[examples.size()][];
        problem.y = new double[examples.size()];
        for (int i = 0; i < examples.size(); i++) {
            problem.x[i] = examples.get(i).vector();
            problem.y[i] = examples.get(i).label();
        }
        Parameter parameter = new Parameter(SolverType.L2R_LR, c, 0.001);
        int[] weightLabels = new int[labels.size()];
        for (int i = 0; i < weightLabels.length; i++) {
            weightLabels[i] = i;
        }
        parameter.setWeights(classWeights.clone(), weightLabels);
        return new LinearTextClassifier(features, labels, Linear.train(problem, parameter));
    }

    public HashedNgrams features() {
        return features;
    }

    public List<String> labels() {
        return labels;
    }

    /** Probabilities per label, in {@link #labels()} order, of a vector made by {@link #features()}. */
    public double[] probabilities(Feature[] vector) {
        double[] raw = new double[model.getNrClass()];
        Linear.predictProbability(model, vector, raw);
        double[] out = new double[labels.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = slot[i] < 0 ? 0 : raw[slot[i]];
        }
        return out;
    }

    /** Probabilities per label of a normalised text. */
    public double[] probabilities(String normalizedText) {
        return probabilities(features.vector(normalizedText));
    }

    /** The index of the most probable label. */
    public static int argMax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Writes the weights in liblinear's text format. */
    public void save(Writer out) {
        try {
            model.save(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static LinearTextClassifier load(HashedNgrams features, List<String> labels, Reader in) {
        try {
            return new LinearTextClassifier(features, labels, Model.load(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
