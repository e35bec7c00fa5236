package io.mercator.ranking.resilience;

import io.github.resilience4j.timelimiter.TimeLimiter;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A time limit on a Vert.x future with resilience4j {@link TimeLimiter} semantics: past the limit
 * the caller gets a {@link java.util.concurrent.TimeoutException} named after the limiter, and the
 * limiter publishes its success, error and timeout events (hence its Micrometer metrics). The timer
 * is a {@link Scheduler} rather than a blocked thread, so it costs nothing on an event loop. The
 * late call is not interrupted; whatever it holds (a bulkhead permit) is released when it ends.
 */
public final class TimeBudget implements FutureDecorator {

    private final TimeLimiter limiter;
    private final Scheduler scheduler;

    public TimeBudget(TimeLimiter limiter, Scheduler scheduler) {
        this.limiter = limiter;
        this.scheduler = scheduler;
    }

    @Override
    public <T> Supplier<Future<T>> decorate(Supplier<Future<T>> call) {
        Duration limit = limiter.getTimeLimiterConfig().getTimeoutDuration();
        return () -> {
            Future<T> inner = FutureDecorator.invoke(call);
            if (inner.isComplete()) {
                record(inner.failed() ? inner.cause() : null);
                return inner;
            }
            Promise<T> out = Promise.promise();
            Scheduler.Timer timer = scheduler.schedule(limit, () -> {
                var timeout = TimeLimiter.createdTimeoutExceptionWithName(limiter.getName(), null);
                if (out.tryFail(timeout)) {
                    limiter.onError(timeout);
                }
            });
            inner.onComplete(ar -> {
                timer.cancel();
                boolean first = ar.succeeded() ? out.tryComplete(ar.result()) : out.tryFail(ar.cause());
                if (first) {
                    record(ar.failed() ? ar.cause() : null);
                }
            });
            return out.future();
        };
    }

    private void record(Throwable failure) {
        if (failure == null) {
            limiter.onSuccess();
        } else {
            limiter.onError(failure);
        }
    }
}
