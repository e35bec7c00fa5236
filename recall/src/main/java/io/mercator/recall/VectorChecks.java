package io.mercator.recall;

/** The argument checks every {@link VectorRecall} makes, worded the same whichever engine is behind it. */
public final class VectorChecks {

    private VectorChecks() {
    }

    /** Throws IllegalArgumentException when the vector is null or not {@code dimension} long. */
    public static void requireDimension(float[] vector, int dimension, String what) {
        if (vector == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (vector.length != dimension) {
            throw new IllegalArgumentException(what + " has " + vector.length
                    + " dimensions; this index holds " + dimension + "-dimensional vectors");
        }
    }

    /** An all-zero vector has no direction: it is neither indexed nor searched with. */
    public static boolean isZero(float[] v) {
        for (float x : v) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
