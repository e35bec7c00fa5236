package io.mercator.learning.lifecycle;

import io.mercator.events.payload.FeatureValues;

import java.util.ArrayList;
import java.util.List;

/**
 * The feature rows of the most recent served impressions (a ring of fixed size), the serving side
 * of PSI. Impressions carry the feature values the ranker scored with, so this is exactly what the
 * model saw in production. Rows are kept in the given feature order; a value the impression did not
 * carry is NaN. Each slot's array is filled in place when the ring wraps: a window of recent rows
 * that allocated one per impression kept tens of thousands of young arrays alive across each
 * young collection.
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

    synchronized void add(FeatureValues features) {
        float[] slot = ring[next];
        ring[next] = slot == null ? features.row(names) : features.rowInto(names, slot);
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    /** A copy of the rows held now (the arrays are copied too: the ring refills its own). */
    public synchronized List<float[]> rows() {
        List<float[]> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(ring[i].clone());
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
