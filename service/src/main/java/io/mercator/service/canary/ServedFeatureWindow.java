package io.mercator.service.canary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The feature rows of the most recent served impressions (a ring of fixed size), the serving side
 * of PSI. Impressions carry the feature values the ranker scored with, so this is exactly what the
 * model saw in production. Rows are kept in the given feature order; a value the impression did not
 * carry is NaN.
 */
public final class ServedFeatureWindow {

    private final List<String> names;
    private final float[][] ring;
    private int next;
    private int size;

    public ServedFeatureWindow(List<String> names, int capacity) {
        this.names = List.copyOf(names);
        this.ring = new float[capacity][];
    }

    synchronized void add(Map<String, Double> features) {
        float[] row = new float[names.size()];
        for (int f = 0; f < row.length; f++) {
            Double v = features.get(names.get(f));
            row[f] = v == null ? Float.NaN : v.floatValue();
        }
        ring[next] = row;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    /** A copy of the rows held now. */
    public synchronized List<float[]> rows() {
        List<float[]> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(ring[i]);
        }
        return out;
    }

    public synchronized int size() {
        return size;
    }

    public List<String> names() {
        return names;
    }
}
