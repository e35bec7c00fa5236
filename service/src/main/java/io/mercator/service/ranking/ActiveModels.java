package io.mercator.service.ranking;

import io.mercator.learning.ClickModels;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** The models the ranker scores with right now; a new version is swapped in atomically. */
public final class ActiveModels implements Supplier<Optional<ClickModels>> {

    private final AtomicReference<ClickModels> current = new AtomicReference<>();

    @Override
    public Optional<ClickModels> get() {
        return Optional.ofNullable(current.get());
    }

    public void activate(ClickModels models) {
        current.set(models);
    }
}
