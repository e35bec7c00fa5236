package io.mercator.vision.category;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The clothing-category head: a linear model (one-vs-rest logistic regression, trained by
 * {@link CategoryHeadTrainer}) over the backbone's standardised features. Its class scores become
 * probabilities by a softmax at a temperature chosen on the validation photos (lowest log-loss), so
 * that a probability reads as one.
 *
 * <p><b>"other".</b> A photo whose best class is less likely than {@code minProbability} answers
 * {@code other}: no class is likely enough to name. The floor is set on the validation photos, so
 * that 2% of those real clothing photos fall under it; a photo of something else (a phone, a
 * landscape) spreads its probability and falls under it far more often. This is a threshold on the
 * head's confidence, not a model of what clothing looks like.
 *
 * @param classes        class names, in weight order
 * @param mean           per-feature mean on the training photos
 * @param scale          per-feature standard deviation on the training photos
 * @param weights        per class, the feature weights then the bias
 * @param temperature    the softmax temperature
 * @param minProbability below this, the best class is not named
 */
public record CategoryHead(List<String> classes, float[] mean, float[] scale, float[][] weights, double temperature,
                           double minProbability) {

    public static final String OTHER = "other";

    /** One class and its probability. */
    public record Scored(String label, double score) {
    }

    /**
     * @param label the best class, or {@code other}
     * @param score its probability (for {@code other}: one minus the best class's)
     * @param top   every class, most likely first
     */
    public record Prediction(String label, double score, List<Scored> top) {
    }

    public int inputSize() {
        return mean.length;
    }

    public Prediction predict(float[] features) {
        double[] p = probabilities(scores(features), temperature);
        List<Scored> top = new ArrayList<>(p.length);
        for (int k = 0; k < p.length; k++) {
            top.add(new Scored(classes.get(k), p[k]));
        }
        top.sort(Comparator.comparingDouble(Scored::score).reversed());
        Scored best = top.getFirst();
        if (best.score() < minProbability) {
            return new Prediction(OTHER, 1 - best.score(), List.copyOf(top));
        }
        return new Prediction(best.label(), best.score(), List.copyOf(top));
    }

    /** The linear score of each class. */
    double[] scores(float[] features) {
        if (features.length != mean.length) {
            throw new IllegalArgumentException("the head reads " + mean.length + " features, not " + features.length);
        }
        double[] s = new double[classes.size()];
        for (int k = 0; k < s.length; k++) {
            float[] w = weights[k];
            double v = w[w.length - 1];
            for (int i = 0; i < mean.length; i++) {
                v += w[i] * ((features[i] - mean[i]) / scale[i]);
            }
            s[k] = v;
        }
        return s;
    }

    static double[] probabilities(double[] scores, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : scores) {
            max = Math.max(max, v);
        }
        double[] p = new double[scores.length];
        double sum = 0;
        for (int k = 0; k < p.length; k++) {
            p[k] = Math.exp((scores[k] - max) / temperature);
            sum += p[k];
        }
        for (int k = 0; k < p.length; k++) {
            p[k] /= sum;
        }
        return p;
    }
}
