package io.mercator.release;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The release controls of every model kind this deployment serves, by kind. */
public final class Releases {

    private final Map<String, ModelRelease> byKind = new LinkedHashMap<>();

    public Releases(List<ModelRelease> releases) {
        for (ModelRelease r : releases) {
            if (byKind.put(r.kind(), r) != null) {
                throw new IllegalArgumentException("two releases of kind " + r.kind());
            }
        }
    }

    public Optional<ModelRelease> of(String kind) {
        return Optional.ofNullable(byKind.get(kind));
    }

    public List<ModelRelease> all() {
        return List.copyOf(byKind.values());
    }

    public List<String> kinds() {
        return List.copyOf(byKind.keySet());
    }
}
