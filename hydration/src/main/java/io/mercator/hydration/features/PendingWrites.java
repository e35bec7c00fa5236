package io.mercator.hydration.features;

import io.mercator.hydration.store.StoreWrite;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The store writes of one apply batch, coalesced: increments of the same field are summed, later
 * sets of a field win, bucket deletions are collected. Emitted as increments, then deletions, then
 * sets; that equals applying them one by one because increments and deletions touch only bucket
 * fields, a bucket is deleted only after every increment it will get, and sets touch only
 * non-bucket fields.
 */
final class PendingWrites {

    private final Map<String, Map<String, double[]>> increments = new LinkedHashMap<>();
    private final Map<String, List<String>> deletions = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> sets = new LinkedHashMap<>();

    void increment(String key, String field, double delta) {
        increments.computeIfAbsent(key, k -> new LinkedHashMap<>(4))
                .computeIfAbsent(field, f -> new double[1])[0] += delta;
    }

    void delete(String key, String field) {
        deletions.computeIfAbsent(key, k -> new ArrayList<>(2)).add(field);
    }

    /** The field map of a key's pending HSET, to put fields into. */
    Map<String, String> set(String key) {
        return sets.computeIfAbsent(key, k -> new HashMap<>(16));
    }

    boolean isEmpty() {
        return increments.isEmpty() && deletions.isEmpty() && sets.isEmpty();
    }

    List<StoreWrite> drain() {
        List<StoreWrite> out = new ArrayList<>(increments.size() * 2 + deletions.size() + sets.size());
        for (Map.Entry<String, Map<String, double[]>> k : increments.entrySet()) {
            for (Map.Entry<String, double[]> f : k.getValue().entrySet()) {
                out.add(new StoreWrite.IncrementField(k.getKey(), f.getKey(), f.getValue()[0]));
            }
        }
        for (Map.Entry<String, List<String>> d : deletions.entrySet()) {
            out.add(new StoreWrite.DeleteFields(d.getKey(), List.copyOf(d.getValue())));
        }
        for (Map.Entry<String, Map<String, String>> s : sets.entrySet()) {
            out.add(new StoreWrite.SetFields(s.getKey(), s.getValue()));
        }
        increments.clear();
        deletions.clear();
        sets.clear();
        return out;
    }
}
