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

    /** Box-averaged down to exactly {@code w} x {@code h} cells (area weights where cells straddle pixels). */
    public Luma resized(int w, int h) {
        float[] out = new float[w * h];
        double sx = (double) width / w;
        double sy = (double) height / h;
        for (int y = 0; y < h; y++) {
            double y0 = y * sy;
            double y1 = y0 + sy;
            for (int x = 0; x < w; x++) {
                double x0 = x * sx;
                double x1 = x0 + sx;
                double sum = 0;
                double area = 0;
                for (int py = (int) y0; py < Math.min(height, Math.ceil(y1)); py++) {
                    double wy = Math.min(y1, py + 1) - Math.max(y0, py);
                    for (int px = (int) x0; px < Math.min(width, Math.ceil(x1)); px++) {
                        double wx = Math.min(x1, px + 1) - Math.max(x0, px);
                        sum += wx * wy * values[py * width + px];
                        area += wx * wy;
                    }
                }
                out[y * w + x] = (float) (sum / area);
            }
        }
        return new Luma(w, h, out);
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
