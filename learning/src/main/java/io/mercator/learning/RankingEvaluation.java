package io.mercator.learning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NDCG@k of orderings of logged requests. The requests are the held-out rows of a
 * {@link TrainingSet} grouped by request id; each row's label is its grade (order 3, cart 2,
 * click 1, else 0, as gain {@code 2^grade - 1}); only requests with a positive row count, since
 * NDCG is undefined without one. A {@link Scorer} gives each of a request's rows a score and the
 * rows are ordered by it, highest first, ties kept in logged order.
 */
public final class RankingEvaluation {

    public static final int DEFAULT_K = 20;

    /** Scores the rows of one request (indexes into the training set), one value per row. */
    @FunctionalInterface
    public interface Scorer {
        double[] score(TrainingSet set, int[] rows);
    }

    private final TrainingSet set;
    private final List<int[]> requests;
    private final int k;

    /**
     * @param set   the training set
     * @param from  first impression time of the held-out span (inclusive)
     * @param until end of the held-out span (exclusive)
     * @param k     the cut-off
     */
    public RankingEvaluation(TrainingSet set, long from, long until, int k) {
        this.set = set;
        this.k = k;
        Map<Integer, List<Integer>> byRequest = new LinkedHashMap<>();
        for (int i = 0; i < set.size(); i++) {
            long t = set.ts(i);
            if (t >= from && t < until) {
                byRequest.computeIfAbsent(set.requestIndex(i), r -> new ArrayList<>(20)).add(i);
            }
        }
        List<int[]> kept = new ArrayList<>();
        for (List<Integer> rows : byRequest.values()) {
            int[] r = rows.stream().mapToInt(Integer::intValue).toArray();
            boolean positive = false;
            for (int row : r) {
                positive |= set.grade(row) > 0;
            }
            if (positive) {
                kept.add(r);
            }
        }
        this.requests = List.copyOf(kept);
    }

    /** Requests evaluated (those with at least one positive row). */
    public int requestCount() {
        return requests.size();
    }

    /** The requests, each as its row indexes in logged order. */
    public List<int[]> requests() {
        return requests;
    }

    /** Mean NDCG@k over the requests; NaN when there are none. */
    public double meanNdcg(Scorer scorer) {
        if (requests.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        for (int[] rows : requests) {
            double[] scores = scorer.score(set, rows);
            int[] grades = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                grades[i] = set.grade(rows[i]);
            }
            sum += ndcg(grades, scores, k);
        }
        return sum / requests.size();
    }

    /** NDCG@k of the items ordered by score (highest first, ties in given order), gain 2^grade - 1. */
    public static double ndcg(int[] grades, double[] scores, int k) {
        int n = grades.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a])); // stable: ties keep the given order
        double dcg = 0;
        for (int i = 0; i < Math.min(k, n); i++) {
            dcg += gain(grades[order[i]]) / log2(i + 2);
        }
        int[] ideal = grades.clone();
        Arrays.sort(ideal);
        double idcg = 0;
        for (int i = 0; i < Math.min(k, n); i++) {
            idcg += gain(ideal[n - 1 - i]) / log2(i + 2);
        }
        return idcg == 0 ? 0 : dcg / idcg;
    }

    private static double gain(int grade) {
        return (1 << grade) - 1;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
