package io.mercator.vision.duplicates;

import io.mercator.vision.image.Luma;

import java.util.Arrays;

/**
 * What a photo leaves behind for near-duplicate search, never the photo itself.
 *
 * @param hashes    perceptual hashes of the whole photo and of its centre at 90% and 80%, so that a copy
 *                  cropped around the middle still meets its original
 * @param embedding the backbone's embedding quantised to signed bytes (scale dropped: only angles are
 *                  compared), or empty where no backbone ran
 */
public record PhotoFingerprint(long[] hashes, byte[] embedding) {

    public static final double[] CENTRE_CROPS = {1.0, 0.9, 0.8};

    public PhotoFingerprint {
        hashes = hashes.clone();
        embedding = embedding == null ? new byte[0] : embedding.clone();
    }

    public static PhotoFingerprint of(Luma luma, float[] embedding) {
        long[] hashes = new long[CENTRE_CROPS.length];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = PerceptualHash.of(centre(luma, CENTRE_CROPS[i]));
        }
        return new PhotoFingerprint(hashes, quantise(embedding));
    }

    /**
     * The fewest bits apart: whole against whole, and each one's whole against the other's centre
     * crops (a crop of an original looks like the original's centre; the original's centre looks like
     * the crop). Centre against centre is left out: it adds false matches and no true ones.
     */
    public int hashDistance(PhotoFingerprint other) {
        int best = PerceptualHash.distance(hashes[0], other.hashes[0]);
        for (int i = 1; i < hashes.length; i++) {
            best = Math.min(best, PerceptualHash.distance(hashes[0], other.hashes[i]));
            best = Math.min(best, PerceptualHash.distance(hashes[i], other.hashes[0]));
        }
        return best;
    }

    /** Cosine of the two embeddings, or NaN where either photo has none. */
    public double cosine(PhotoFingerprint other) {
        if (embedding.length == 0 || embedding.length != other.embedding.length) {
            return Double.NaN;
        }
        long dot = 0;
        long na = 0;
        long nb = 0;
        for (int i = 0; i < embedding.length; i++) {
            dot += embedding[i] * other.embedding[i];
            na += embedding[i] * embedding[i];
            nb += other.embedding[i] * other.embedding[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt((double) na * nb);
    }

    static Luma centre(Luma l, double keep) {
        if (keep >= 1) {
            return l;
        }
        int w = Math.max(1, (int) Math.round(l.width() * keep));
        int h = Math.max(1, (int) Math.round(l.height() * keep));
        int x0 = (l.width() - w) / 2;
        int y0 = (l.height() - h) / 2;
        float[] v = new float[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(l.values(), (y0 + y) * l.width() + x0, v, y * w, w);
        }
        return new Luma(w, h, v);
    }

    static byte[] quantise(float[] embedding) {
        if (embedding == null || embedding.length == 0) {
            return new byte[0];
        }
        float max = 0;
        for (float x : embedding) {
            max = Math.max(max, Math.abs(x));
        }
        byte[] q = new byte[embedding.length];
        if (max == 0) {
            return q;
        }
        for (int i = 0; i < q.length; i++) {
            q[i] = (byte) Math.round(embedding[i] / max * 127);
        }
        return q;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PhotoFingerprint f && Arrays.equals(hashes, f.hashes) && Arrays.equals(embedding, f.embedding);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(hashes) + Arrays.hashCode(embedding);
    }

    @Override
    public String toString() {
        return "PhotoFingerprint" + Arrays.toString(Arrays.stream(hashes).mapToObj(Long::toHexString).toArray());
    }
}
