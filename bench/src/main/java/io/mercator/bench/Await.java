package io.mercator.bench;

import io.vertx.core.Future;

/** Benchmarks drive the ports from plain threads and wait on their futures. */
final class Await {

    private Await() {
    }

    static <T> T of(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
