package io.mercator.vision.duplicates;

import io.mercator.vision.image.Luma;

/**
 * A 64-bit perceptual hash (the DCT "pHash"): the luma shrunk to 32x32, its 2-D DCT, and one bit per
 * coefficient of the 8x8 lowest frequencies, set where the coefficient is above their median (the DC
 * term left out of the median). Resizing, re-compression and brightness changes move few bits; a
 * different photo moves about half. Written here because the library options are poor (JImageHash
 * brings OpenJFX, OpenCV brings 30 MB of native code for 40 lines).
 */
public final class PerceptualHash {

    private static final int N = 32;
    private static final int K = 8;
    /** cos((2x+1) u pi / 2N), precomputed. */
    private static final double[][] COS = new double[K][N];

    static {
        for (int u = 0; u < K; u++) {
            for (int x = 0; x < N; x++) {
                COS[u][x] = Math.cos((2 * x + 1) * u * Math.PI / (2 * N));
            }
        }
    }

    private PerceptualHash() {
    }

    public static long of(Luma luma) {
        Luma small = luma.resized(N, N);
        // separable DCT: rows first (32 x 8), then columns (8 x 8)
        double[][] rows = new double[N][K];
        for (int y = 0; y < N; y++) {
            for (int u = 0; u < K; u++) {
                double s = 0;
                for (int x = 0; x < N; x++) {
                    s += small.at(x, y) * COS[u][x];
                }
                rows[y][u] = s;
            }
        }
        double[] coeff = new double[K * K];
        for (int v = 0; v < K; v++) {
            for (int u = 0; u < K; u++) {
                double s = 0;
                for (int y = 0; y < N; y++) {
                    s += rows[y][u] * COS[v][y];
                }
                coeff[v * K + u] = s;
            }
        }
        double[] sorted = java.util.Arrays.copyOfRange(coeff, 1, coeff.length);
        java.util.Arrays.sort(sorted);
        double median = (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        long hash = 0;
        for (int i = 0; i < coeff.length; i++) {
            if (coeff[i] > median) {
                hash |= 1L << i;
            }
        }
        return hash;
    }

    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }
}
