package io.mercator.ranking;

import io.mercator.recall.TextEmbedder;

/** A constant unit vector: the vector recall double ignores it anyway. */
final class TextEmbedderDouble implements TextEmbedder {

    @Override
    public int dimension() {
        return 4;
    }

    @Override
    public float[] embed(String text) {
        return new float[]{1, 0, 0, 0};
    }
}
