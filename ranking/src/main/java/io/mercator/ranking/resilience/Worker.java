package io.mercator.ranking.resilience;

import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Where blocking or CPU-heavy work runs (LightGBM batch prediction, feature rows for a thousand
 * listings), so an event loop never waits on it.
 */
public interface Worker {

    /** Runs the task off the caller's thread; its result or exception completes the future. */
    <T> Future<T> submit(Callable<T> task);

    /** The meter of how long a task queued before a worker thread took it. */
    String QUEUE_WAIT = "ranking.worker.queue.wait";

    /**
     * This worker, recording in {@code waited} how long each task queued before a thread took it:
     * on a busy machine, time a request spends between its components rather than in them.
     */
    default Worker timingQueue(Timer waited) {
        Worker inner = this;
        return new Worker() {
            @Override
            public <T> Future<T> submit(Callable<T> task) {
                long queued = System.nanoTime();
                return inner.submit(() -> {
                    waited.record(System.nanoTime() - queued, TimeUnit.NANOSECONDS);
                    return task.call();
                });
            }
        };
    }

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
