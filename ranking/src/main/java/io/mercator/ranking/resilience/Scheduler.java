package io.mercator.ranking.resilience;

import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay; time budgets are built on it. On Vert.x it is the Vert.x timer (the
 * task runs on the caller's event loop); tests drive a manual one so a budget runs out exactly
 * when the test says, never because a machine was slow.
 */
public interface Scheduler {

    /** A scheduled task that has not run yet can be cancelled. */
    interface Timer {
        void cancel();
    }

    Timer schedule(Duration delay, Runnable task);

    /** The Vert.x timer. */
    static Scheduler of(Vertx vertx) {
        return (delay, task) -> {
            long id = vertx.setTimer(Math.max(1, delay.toMillis()), ignored -> task.run());
            return () -> vertx.cancelTimer(id);
        };
    }

    /** A plain scheduled executor, for code that runs outside Vert.x (benchmarks). */
    static Scheduler of(ScheduledExecutorService executor) {
        return (delay, task) -> {
            ScheduledFuture<?> f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        };
    }
}
