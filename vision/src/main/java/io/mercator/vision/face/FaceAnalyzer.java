package io.mercator.vision.face;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * What the face networks say of one face in a photo: its embedding and its two liveness signals.
 * Blocking: call it from a worker.
 */
public final class FaceAnalyzer {

    /**
     * One face, read.
     *
     * @param face      where it is
     * @param embedding MobileFaceNet's 192-d embedding of the eye-aligned face, L2-normalised
     * @param live      the liveness network's probability that the face is live, not replayed
     * @param real      the antispoof network's probability that the face is real
     */
    public record FaceReading(DetectedFace face, float[] embedding, double live, double real) {
    }

    private final FaceModels models;
    private final FaceDetector detector;

    public FaceAnalyzer(FaceModels models, FaceDetector detector) {
        this.models = models;
        this.detector = detector;
    }

    public List<DetectedFace> detect(BufferedImage photo) {
        return detector.detect(photo);
    }

    /** Embeds {@code face}; with {@code liveness} also runs the two liveness networks on it (else they read NaN). */
    public FaceReading read(BufferedImage photo, DetectedFace face, boolean liveness) {
        int e = FaceModels.EMBEDDER_SIZE;
        float[] crop = new float[3 * e * e];
        FaceCrop.cutByEyes(photo, face, e, crop, 0);
        for (int i = 0; i < crop.length; i++) {
            crop[i] *= 255; // MobileFaceNet reads pixel values 0..255
        }
        float[] embedding = normalised(models.embed(crop, 1).getFirst());
        if (!liveness) {
            return new FaceReading(face, embedding, Double.NaN, Double.NaN);
        }
        int l = FaceModels.LIVENESS_SIZE;
        float[] small = new float[3 * l * l];
        FaceCrop.cut(photo, face, l, small, 0);
        // LivenessNet's classes, in its label encoder's (alphabetical) order: fake, real
        double live = models.liveness(small, 1).getFirst()[1];
        int a = FaceModels.ANTISPOOF_SIZE;
        float[] mid = new float[3 * a * a];
        FaceCrop.cut(photo, face, a, mid, 0);
        double real = models.antispoof(mid, 1)[0];
        return new FaceReading(face, embedding, live, real);
    }

    public String version() {
        return models.version();
    }

    static float[] normalised(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        n = Math.sqrt(n);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (n == 0 ? 0 : v[i] / n);
        }
        return out;
    }

    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }
}
