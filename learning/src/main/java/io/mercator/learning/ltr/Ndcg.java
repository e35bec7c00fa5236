package io.mercator.learning.ltr;

import java.util.Arrays;

/**
 * NDCG@k the way LightGBM's {@code ndcg} metric computes it, so figures here compare with
 * LightGBM's own: gain {@code 2^label - 1}, discount {@code 1 / log2(position + 1)} (position
 * from 1), documents ordered by score highest first with ties kept in data order (LightGBM sorts
 * stably), {@code k} cut to the query's size, and a query whose labels are all 0 counted as NDCG 1
 * (LightGBM: "if all docs in this query are negative, let its NDCG = 1"), not skipped. The mean
 * is over every query.
 *
 * <p>This differs from {@link io.mercator.learning.RankingEvaluation}, which leaves requests
 * without a positive out: there the question is how well clicked listings are placed, here it is
 * comparability with LightGBM's published figures.
 */
public final class Ndcg {

    private Ndcg() {
    }

    /** NDCG@k of one query: its documents' labels and scores. */
    public static double ofQuery(float[] labels, double[] scores, int k) {
        int n = labels.length;
        if (scores.length != n) {
            throw new IllegalArgumentException(n + " labels but " + scores.length + " scores");
        }
        int cut = Math.min(k, n);
        float[] ideal = labels.clone();
        Arrays.sort(ideal);
        double idcg = 0;
        for (int i = 0; i < cut; i++) {
            idcg += gain(ideal[n - 1 - i]) * discount(i);
        }
        if (idcg <= 0) {
            return 1.0;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a])); // stable, like std::stable_sort
        double dcg = 0;
        for (int i = 0; i < cut; i++) {
            dcg += gain(labels[order[i]]) * discount(i);
        }
        return dcg / idcg;
    }

    /** Mean NDCG@k over the queries of {@code data}, given a score per document. */
    public static double mean(LibSvmDataset data, double[] scores, int k) {
        if (scores.length != data.rows()) {
            throw new IllegalArgumentException(data.rows() + " documents but " + scores.length + " scores");
        }
        if (data.queries() == 0) {
            return Double.NaN;
        }
        double sum = 0;
        int start = 0;
        for (int g : data.groups()) {
            sum += ofQuery(Arrays.copyOfRange(data.labels(), start, start + g),
                    Arrays.copyOfRange(scores, start, start + g), k);
            start += g;
        }
        return sum / data.queries();
    }

    private static double gain(float label) {
        return Math.pow(2, label) - 1;
    }

    /** 1 / log2(2 + zero-based position). */
    private static double discount(int position) {
        return 1.0 / (Math.log(position + 2) / Math.log(2));
    }
}
