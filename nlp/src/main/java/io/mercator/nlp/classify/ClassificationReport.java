package io.mercator.nlp.classify;

import java.util.ArrayList;
import java.util.List;

/**
 * Precision, recall and F1 per label, their macro and support-weighted averages, and accuracy, of
 * predicted labels against true ones.
 */
public record ClassificationReport(List<PerLabel> labels, double accuracy, double macroF1, double weightedF1, int n) {

    /** One label's figures; {@code support} is how many examples truly have it. */
    public record PerLabel(String label, double precision, double recall, double f1, int support) {
    }

    public static ClassificationReport of(List<String> names, int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("one prediction per example");
        }
        int k = names.size();
        int[] tp = new int[k];
        int[] predictedCount = new int[k];
        int[] support = new int[k];
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
            support[truth[i]]++;
            predictedCount[predicted[i]]++;
            if (truth[i] == predicted[i]) {
                tp[truth[i]]++;
                correct++;
            }
        }
        List<PerLabel> per = new ArrayList<>();
        double macro = 0;
        double weighted = 0;
        for (int c = 0; c < k; c++) {
            double p = predictedCount[c] == 0 ? 0 : (double) tp[c] / predictedCount[c];
            double r = support[c] == 0 ? 0 : (double) tp[c] / support[c];
            double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
            per.add(new PerLabel(names.get(c), p, r, f1, support[c]));
            macro += f1 / k;
            weighted += truth.length == 0 ? 0 : f1 * support[c] / truth.length;
        }
        double accuracy = truth.length == 0 ? 0 : (double) correct / truth.length;
        return new ClassificationReport(List.copyOf(per), accuracy, macro, weighted, truth.length);
    }

    public PerLabel label(String name) {
        return labels.stream().filter(l -> l.label().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no label " + name));
    }
}
