package io.mercator.ranking.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The components that fell back while serving one request, in the order they fell back. Recall
 * sources complete on different threads, hence the lock; there are a handful of entries at most.
 */
public final class Degradations {

    private final Set<String> ids = new LinkedHashSet<>();

    public synchronized void add(ComponentId id) {
        ids.add(id.value());
    }

    public synchronized boolean contains(ComponentId id) {
        return ids.contains(id.value());
    }

    public synchronized List<String> list() {
        return List.copyOf(new ArrayList<>(ids));
    }
}
