package io.mercator.ranking.resilience;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.vertx.core.Future;

import java.util.function.Supplier;

/**
 * A resilience4j {@link CircuitBreaker} around a Vert.x future: while open, the call is not made at
 * all and the caller gets {@link CallNotPermittedException} at once, so a dead dependency costs no
 * time budget; every completed call (timeouts included, when the budget sits inside) is recorded.
 */
public final class Breaker implements FutureDecorator {

    private final CircuitBreaker breaker;

    public Breaker(CircuitBreaker breaker) {
        this.breaker = breaker;
    }

    @Override
    public <T> Supplier<Future<T>> decorate(Supplier<Future<T>> call) {
        return () -> {
            if (!breaker.tryAcquirePermission()) {
                return Future.failedFuture(CallNotPermittedException.createCallNotPermittedException(breaker));
            }
            long start = breaker.getCurrentTimestamp();
            return FutureDecorator.invoke(call).onComplete(ar -> {
                long took = breaker.getCurrentTimestamp() - start;
                if (ar.succeeded()) {
                    breaker.onResult(took, breaker.getTimestampUnit(), ar.result());
                } else {
                    breaker.onError(took, breaker.getTimestampUnit(), ar.cause());
                }
            });
        };
    }
}
