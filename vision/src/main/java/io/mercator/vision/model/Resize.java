package io.mercator.vision.model;

import java.awt.image.BufferedImage;

/**
 * Pixels to a network's input: bilinear resizing with aligned corners (what
 * {@code tf.image.resizeBilinear(image, size, true)} does, as nsfwjs calls it), scaled to [0, 1].
 */
public final class Resize {

    private Resize() {
    }

    /**
     * Writes {@code image} resized to {@code size} x {@code size} into {@code out} at {@code offset},
     * channels first (NCHW, one image), values in [0, 1].
     */
    public static void toChannelsFirst(BufferedImage image, int size, float[] out, int offset) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] px = io.mercator.vision.image.Pixels.of(image);
        int plane = size * size;
        double sy = size > 1 ? (double) (h - 1) / (size - 1) : 0;
        double sx = size > 1 ? (double) (w - 1) / (size - 1) : 0;
        for (int y = 0; y < size; y++) {
            double fy = y * sy;
            int y0 = (int) Math.floor(fy);
            int y1 = Math.min(h - 1, y0 + 1);
            float dy = (float) (fy - y0);
            for (int x = 0; x < size; x++) {
                double fx = x * sx;
                int x0 = (int) Math.floor(fx);
                int x1 = Math.min(w - 1, x0 + 1);
                float dx = (float) (fx - x0);
                int a = px[y0 * w + x0];
                int b = px[y0 * w + x1];
                int c = px[y1 * w + x0];
                int d = px[y1 * w + x1];
                int at = offset + y * size + x;
                for (int ch = 0; ch < 3; ch++) {
                    int shift = 16 - 8 * ch;
                    float top = ((a >> shift) & 0xff) + (((b >> shift) & 0xff) - ((a >> shift) & 0xff)) * dx;
                    float bottom = ((c >> shift) & 0xff) + (((d >> shift) & 0xff) - ((c >> shift) & 0xff)) * dx;
                    out[at + ch * plane] = (top + (bottom - top) * dy) / 255f;
                }
            }
        }
    }
}
