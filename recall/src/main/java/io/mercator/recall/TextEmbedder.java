package io.mercator.recall;

/**
 * Turns Thai or English text into a unit-length vector; queries and listings share one embedder,
 * so their vectors are comparable. The default needs no model download.
 */
public interface TextEmbedder {

    /** Length of every vector this embedder returns. */
    int dimension();

    /** A unit-length vector (all zeros only for text with no tokens). */
    float[] embed(String text);
}
