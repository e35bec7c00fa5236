package io.mercator.ranking.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.vertx.core.Future;

import java.util.function.Supplier;

/**
 * A resilience4j semaphore {@link Bulkhead} around a Vert.x future. The permit is only ever tried,
 * never waited for (the bulkhead must be configured with a zero wait: a wait would block the event
 * loop), and it is released when the underlying call ends, not when a time budget gives up on it,
 * so the bound holds for the work really running on the worker pool.
 */
public final class ConcurrencyLimit implements FutureDecorator {

    private final Bulkhead bulkhead;

    public ConcurrencyLimit(Bulkhead bulkhead) {
        if (!bulkhead.getBulkheadConfig().getMaxWaitDuration().isZero()) {
            throw new IllegalArgumentException("bulkhead " + bulkhead.getName()
                    + " must not wait for a permit: it is tried from an event loop");
        }
        this.bulkhead = bulkhead;
    }

    @Override
    public <T> Supplier<Future<T>> decorate(Supplier<Future<T>> call) {
        return () -> {
            if (!bulkhead.tryAcquirePermission()) {
                return Future.failedFuture(BulkheadFullException.createBulkheadFullException(bulkhead));
            }
            return FutureDecorator.invoke(call).onComplete(ar -> bulkhead.onComplete());
        };
    }
}
