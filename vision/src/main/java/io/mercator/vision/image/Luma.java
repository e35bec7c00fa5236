package io.mercator.vision.image;

/**
 * An image's brightness (ITU-R BT.601 luma, 0..255) on a grid, each cell the mean of the pixels it
 * covers: the shared first step of the quality measures and the perceptual hash.
 *
 * @param width  cells across
 * @param height cells down
 * @param values row by row
 */
public record Luma(int width, int height, float[] values) {

    public float at(int x, int y) {
        return values[y * width + x];
    }

    /** The luma of every decoded pixel. */
    public static Luma of(DecodedImage image) {
        int w = image.rgb().getWidth();
        int h = image.rgb().getHeight();
        int[] px = image.pixels();
        float[] v = new float[px.length];
        for (int i = 0; i < px.length; i++) {
            int p = px[i];
            v[i] = 0.299f * ((p >> 16) & 0xff) + 0.587f * ((p >> 8) & 0xff) + 0.114f * (p & 0xff);
        }
        return new Luma(w, h, v);
    }

    /**
     * Box-averaged down to exactly {@code w} x {@code h} cells (area weights where cells straddle
     * pixels). The weights factor into a row part and a column part, so it runs as two passes, rows
     * then columns: the same means as the two-dimensional sum, a few times faster.
     */
    public Luma resized(int w, int h) {
        Weights across = Weights.of(width, w);
        Weights down = Weights.of(height, h);
        float[] rows = new float[height * w];
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < w; x++) {
                double sum = 0;
                for (int k = across.start[x]; k < across.start[x + 1]; k++) {
                    sum += across.weight[k] * values[row + across.index[k]];
                }
                rows[y * w + x] = (float) (sum / across.total[x]);
            }
        }
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double sum = 0;
                for (int k = down.start[y]; k < down.start[y + 1]; k++) {
                    sum += down.weight[k] * rows[down.index[k] * w + x];
                }
                out[y * w + x] = (float) (sum / down.total[y]);
            }
        }
        return new Luma(w, h, out);
    }

    /** For each of {@code cells} output cells along one axis of {@code length} pixels: the pixels it covers and how much. */
    private record Weights(int[] start, int[] index, double[] weight, double[] total) {
        static Weights of(int length, int cells) {
            double step = (double) length / cells;
            int[] start = new int[cells + 1];
            int[] index = new int[length + 2 * cells];
            double[] weight = new double[length + 2 * cells];
            double[] total = new double[cells];
            int k = 0;
            for (int c = 0; c < cells; c++) {
                double from = c * step;
                double to = from + step;
                start[c] = k;
                for (int p = (int) from; p < Math.min(length, Math.ceil(to)); p++) {
                    double wgt = Math.min(to, p + 1) - Math.max(from, p);
                    index[k] = p;
                    weight[k] = wgt;
                    total[c] += wgt;
                    k++;
                }
            }
            start[cells] = k;
            return new Weights(start, index, weight, total);
        }
    }

    /** At most {@code side} cells on the longer side, keeping the aspect ratio; this grid if already smaller. */
    public Luma fitted(int side) {
        int longer = Math.max(width, height);
        if (longer <= side) {
            return this;
        }
        double s = (double) side / longer;
        return resized(Math.max(1, (int) Math.round(width * s)), Math.max(1, (int) Math.round(height * s)));
    }
}
