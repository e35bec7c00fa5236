package io.mercator.vision.model;

import java.util.List;

/** One runtime's way to run the backbone: a batch in, the pooled head features and named outputs out. */
interface BackboneRunner extends AutoCloseable {

    /**
     * @param pooled  per image, each pooled layer's mean- then max-pooled activations, row after row
     * @param outputs the named outputs in the order they were asked for, row after row
     */
    record Result(float[] pooled, List<float[]> outputs) {
    }

    /** Runs {@code n} images, NCHW. Blocking: call it from a worker. */
    Result run(float[] nchw, int n);

    /** The engine and its version, for the model version a report carries. */
    String engine();

    @Override
    void close();
}
