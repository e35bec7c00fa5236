package io.mercator.vision.face;

import io.mercator.vision.image.Pixels;

import java.awt.image.BufferedImage;

/**
 * Cuts a face out of a photo, aligned: the crop is turned so that the eyes lie level, centred on
 * the detector's box, and sampled bilinearly to the size a network reads (NCHW, values in [0, 1]).
 * The same cut for the ID photo and the selfie is what makes their embeddings comparable.
 */
public final class FaceCrop {

    /** How much larger than the detector's box the crop is (Human's choice for these models: 1.2). */
    public static final double ENLARGE = 1.2;

    private FaceCrop() {
    }

    /** Writes the aligned crop of {@code face}, {@code size} x {@code size}, into {@code out} at {@code offset}. */
    public static void cut(BufferedImage photo, DetectedFace face, int size, float[] out, int offset) {
        double cx = (face.left() + face.right()) / 2;
        double cy = (face.top() + face.bottom()) / 2;
        cut(photo, face, cx, cy, Math.max(face.width(), face.height()) * ENLARGE, size, out, offset);
    }

    /**
     * The crop face-recognition networks are trained on (ArcFace's 112x112 template): the eyes level,
     * {@link #EYE_SPAN} of the width apart, on the line {@link #EYE_LINE} of the height from the top.
     */
    public static void cutByEyes(BufferedImage photo, DetectedFace face, int size, float[] out, int offset) {
        double ex = (face.leftEye()[0] + face.rightEye()[0]) / 2;
        double ey = (face.leftEye()[1] + face.rightEye()[1]) / 2;
        double span = Math.hypot(face.leftEye()[0] - face.rightEye()[0], face.leftEye()[1] - face.rightEye()[1]);
        double side = span / EYE_SPAN;
        double angle = Math.atan2(face.leftEye()[1] - face.rightEye()[1], face.leftEye()[0] - face.rightEye()[0]);
        double down = (0.5 - EYE_LINE) * side; // from the eyes to the crop's centre, along the face's vertical
        cut(photo, face, ex - down * Math.sin(angle), ey + down * Math.cos(angle), side, size, out, offset);
    }

    /** ArcFace's template: eyes at (38.3, 51.7) and (73.5, 51.5) of 112. */
    public static final double EYE_SPAN = (73.5 - 38.3) / 112;
    public static final double EYE_LINE = 51.6 / 112;

    private static void cut(BufferedImage photo, DetectedFace face, double cx, double cy, double side, int size, float[] out, int offset) {
        int[] px = Pixels.of(photo);
        int w = photo.getWidth();
        int h = photo.getHeight();
        double angle = Math.atan2(face.leftEye()[1] - face.rightEye()[1], face.leftEye()[0] - face.rightEye()[0]);
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double step = side / size;
        int plane = size * size;
        for (int v = 0; v < size; v++) {
            double dy = (v + 0.5) * step - side / 2;
            for (int u = 0; u < size; u++) {
                double dx = (u + 0.5) * step - side / 2;
                double x = cx + dx * cos - dy * sin - 0.5;
                double y = cy + dx * sin + dy * cos - 0.5;
                int x0 = (int) Math.floor(x);
                int y0 = (int) Math.floor(y);
                double fx = x - x0;
                double fy = y - y0;
                int p00 = at(px, w, h, x0, y0);
                int p10 = at(px, w, h, x0 + 1, y0);
                int p01 = at(px, w, h, x0, y0 + 1);
                int p11 = at(px, w, h, x0 + 1, y0 + 1);
                int i = offset + v * size + u;
                for (int c = 0; c < 3; c++) {
                    int shift = 16 - 8 * c;
                    double top = ((p00 >> shift) & 0xff) * (1 - fx) + ((p10 >> shift) & 0xff) * fx;
                    double bottom = ((p01 >> shift) & 0xff) * (1 - fx) + ((p11 >> shift) & 0xff) * fx;
                    out[i + c * plane] = (float) ((top * (1 - fy) + bottom * fy) / 255.0);
                }
            }
        }
    }

    /** A pixel, with the border repeated outside the photo. */
    private static int at(int[] px, int w, int h, int x, int y) {
        int cx = Math.min(Math.max(x, 0), w - 1);
        int cy = Math.min(Math.max(y, 0), h - 1);
        return px[cy * w + cx];
    }
}
