package io.mercator.ranking.resilience;

import io.vertx.core.Future;

import java.util.function.Supplier;

/**
 * Resilience as a decorator that returns the type it takes, so decorators compose in any order
 * and a component's call looks the same with or without them.
 */
@FunctionalInterface
public interface FutureDecorator {

    <T> Supplier<Future<T>> decorate(Supplier<Future<T>> call);

    /** This decorator inside {@code outer}: {@code outer(this(call))}. */
    default FutureDecorator within(FutureDecorator outer) {
        FutureDecorator inner = this;
        return new FutureDecorator() {
            @Override
            public <T> Supplier<Future<T>> decorate(Supplier<Future<T>> call) {
                return outer.decorate(inner.decorate(call));
            }
        };
    }

    static FutureDecorator identity() {
        return new FutureDecorator() {
            @Override
            public <T> Supplier<Future<T>> decorate(Supplier<Future<T>> call) {
                return call;
            }
        };
    }

    /** Runs the supplier, turning a synchronous throw into a failed future. */
    static <T> Future<T> invoke(Supplier<Future<T>> call) {
        try {
            Future<T> f = call.get();
            return f == null ? Future.failedFuture(new NullPointerException("component returned no future")) : f;
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }
}
