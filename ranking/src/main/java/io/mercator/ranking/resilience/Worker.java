package io.mercator.ranking.resilience;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Where blocking or CPU-heavy work runs (LightGBM batch prediction, feature rows for a thousand
 * listings), so an event loop never waits on it.
 */
public interface Worker {

    /** Runs the task off the caller's thread; its result or exception completes the future. */
    <T> Future<T> submit(Callable<T> task);

    /**
     * A Vert.x worker pool; the future completes back on the caller's context, so the rest of the
     * pipeline continues on the event loop. Unordered: requests do not queue behind each other.
     */
    static Worker of(WorkerExecutor pool) {
        return new Worker() {
            @Override
            public <T> Future<T> submit(Callable<T> task) {
                return pool.executeBlocking(task, false);
            }
        };
    }

    /** Any executor; the future completes on the executor's thread. */
    static Worker of(Executor executor) {
        return new Worker() {
            @Override
            public <T> Future<T> submit(Callable<T> task) {
                Promise<T> promise = Promise.promise();
                try {
                    executor.execute(() -> {
                        try {
                            promise.complete(task.call());
                        } catch (Throwable t) {
                            promise.fail(t);
                        }
                    });
                } catch (RejectedExecutionException e) {
                    promise.tryFail(e);
                }
                return promise.future();
            }
        };
    }
}
