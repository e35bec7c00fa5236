package io.mercator.release;

import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

import java.util.Arrays;

/**
 * How a shadow candidate's scores compare with the champion's on the same requests:
 * <ul>
 *   <li><b>rank correlation</b>: Spearman's rho of the two score lists of each request (ties
 *       averaged), its mean and 10th percentile over the recent requests, and how often both put
 *       the same item first;</li>
 *   <li><b>score drift</b>: the mean score of each, the mean absolute difference per item, and the
 *       two-sample Kolmogorov-Smirnov statistic and p-value of the two score distributions over a
 *       window of recent items (a low p-value: the candidate's scores are distributed differently,
 *       so thresholds and calibrations tuned on the champion do not carry over).</li>
 * </ul>
 * Statistics from Commons Math. Thread-safe; one instance per shadow run.
 */
public final class ShadowComparison {

    /**
     * The comparison now.
     *
     * @param compared           requests both scored
     * @param skipped            requests the shadow let pass because it was busy (load shedding)
     * @param failed             requests whose shadow scoring threw
     * @param meanRankCorrelation mean Spearman rho over the recent requests with two or more items; null before one
     * @param p10RankCorrelation the 10th percentile of those; null before one
     * @param topAgreement       share of recent requests where both rank the same item first
     * @param championMean       mean champion score over the recent items
     * @param candidateMean      mean candidate score over the recent items
     * @param meanAbsDifference  mean |candidate - champion| per item over the recent items
     * @param ksStatistic        two-sample KS D of the recent score distributions; null before 10 items
     * @param ksPValue           its p-value; null before 10 items
     * @param items              items in the window
     */
    public record Snapshot(long compared, long skipped, long failed, Double meanRankCorrelation,
                           Double p10RankCorrelation, double topAgreement, double championMean, double candidateMean,
                           double meanAbsDifference, Double ksStatistic, Double ksPValue, int items) {
    }

    private final int requestWindow;
    private final int itemWindow;
    private final double[] rhos;
    private final boolean[] sameTop;
    private final double[] championScores;
    private final double[] candidateScores;
    private int requestsSeen;
    private int rhoCount;
    private int rhoNext;
    private int itemsSeen;
    private long compared;
    private long skipped;
    private long failed;

    /** Keeps the last 2,000 requests and 20,000 scored items. */
    public ShadowComparison() {
        this(2_000, 20_000);
    }

    public ShadowComparison(int requestWindow, int itemWindow) {
        this.requestWindow = requestWindow;
        this.itemWindow = itemWindow;
        this.rhos = new double[requestWindow];
        this.sameTop = new boolean[requestWindow];
        this.championScores = new double[itemWindow];
        this.candidateScores = new double[itemWindow];
    }

    /** Spearman's rho of two equally long score lists; null below two items or when either is constant. */
    public static Double rankCorrelation(double[] champion, double[] candidate) {
        if (champion.length != candidate.length) {
            throw new IllegalArgumentException(champion.length + " champion scores for " + candidate.length
                    + " candidate scores");
        }
        if (champion.length < 2) {
            return null;
        }
        double rho = new SpearmansCorrelation().correlation(champion, candidate);
        return Double.isFinite(rho) ? rho : null;
    }

    /** Adds one request's two score lists (same items, same order); returns its rank correlation. */
    public Double add(double[] champion, double[] candidate) {
        Double rho = rankCorrelation(champion, candidate);
        boolean top = champion.length > 0 && argMax(champion) == argMax(candidate);
        synchronized (this) {
            compared++;
            int slot = requestsSeen++ % requestWindow;
            sameTop[slot] = top;
            if (rho != null) {
                rhos[rhoNext] = rho;
                rhoNext = (rhoNext + 1) % requestWindow;
                rhoCount = Math.min(rhoCount + 1, requestWindow);
            }
            for (int i = 0; i < champion.length; i++) {
                int at = itemsSeen++ % itemWindow;
                championScores[at] = champion[i];
                candidateScores[at] = candidate[i];
            }
        }
        return rho;
    }

    public synchronized void skipped() {
        skipped++;
    }

    public synchronized void failed() {
        failed++;
    }

    public Snapshot snapshot() {
        double[] rho;
        double[] a;
        double[] b;
        long same = 0;
        int requests;
        long c;
        long s;
        long f;
        synchronized (this) {
            rho = Arrays.copyOf(rhos, rhoCount);
            int items = Math.min(itemsSeen, itemWindow);
            a = Arrays.copyOf(championScores, items);
            b = Arrays.copyOf(candidateScores, items);
            requests = Math.min(requestsSeen, requestWindow);
            for (int i = 0; i < requests; i++) {
                same += sameTop[i] ? 1 : 0;
            }
            c = compared;
            s = skipped;
            f = failed;
        }
        Double meanRho = null;
        Double p10 = null;
        if (rho.length > 0) {
            meanRho = Arrays.stream(rho).average().orElseThrow();
            double[] sorted = rho.clone();
            Arrays.sort(sorted);
            p10 = sorted[(int) Math.floor(0.1 * (sorted.length - 1))];
        }
        double diff = 0;
        for (int i = 0; i < a.length; i++) {
            diff += Math.abs(b[i] - a[i]);
        }
        Double ks = null;
        Double p = null;
        if (a.length >= 10) {
            KolmogorovSmirnovTest test = new KolmogorovSmirnovTest();
            ks = test.kolmogorovSmirnovStatistic(a, b);
            p = test.kolmogorovSmirnovTest(a, b, false);
        }
        return new Snapshot(c, s, f, meanRho, p10, requests == 0 ? 0 : same / (double) requests, mean(a), mean(b),
                a.length == 0 ? 0 : diff / a.length, ks, p, a.length);
    }

    private static double mean(double[] v) {
        return v.length == 0 ? 0 : Arrays.stream(v).average().orElseThrow();
    }

    private static int argMax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
