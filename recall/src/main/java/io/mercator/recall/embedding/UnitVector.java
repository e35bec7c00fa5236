package io.mercator.recall.embedding;

/**
 * Unit-length arithmetic: what makes a sum of embeddings comparable by cosine again, and what lets
 * an index compare unit vectors by their dot product, which is their cosine at a third of the work.
 */
public final class UnitVector {

    private UnitVector() {
    }

    static boolean isZero(float[] v) {
        for (float x : v) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** A unit-length copy of the vector; a zero vector gives zeros. */
    public static float[] normalisedCopy(float[] v) {
        return normalise(v.clone());
    }

    /** Scales the vector to unit length in place; a zero vector stays zero. */
    static float[] normalise(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        if (sum > 0) {
            float inv = (float) (1 / Math.sqrt(sum));
            for (int i = 0; i < v.length; i++) {
                v[i] *= inv;
            }
        }
        return v;
    }
}
