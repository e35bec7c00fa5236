package io.mercator.release;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where shadow candidates score: one thread of its own, apart from the workers that answer
 * requests, with a short queue and a CPU budget. A shadow never slows what is served: when the
 * queue is full, or the thread has used its share of a core (measured as the thread's CPU time,
 * refilled as time passes, at most one second's worth banked), the request is skipped rather than
 * waited for, and counted as skipped in the {@link ShadowComparison}. Under light load every
 * request is compared; under heavy load a sample, at a bounded cost.
 */
public final class ShadowRunner implements AutoCloseable {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final ThreadPoolExecutor pool;
    private final double coreShare;
    private final long capacityNanos;
    private final boolean measured;
    private long tokensNanos;
    private long refilledAt = System.nanoTime();

    /**
     * @param queue     requests waiting at most
     * @param coreShare the share of one core the shadow may use on average, in (0, 1]
     */
    public ShadowRunner(int queue, double coreShare) {
        if (!(coreShare > 0 && coreShare <= 1) || queue < 1) {
            throw new IllegalArgumentException("queue must be positive and coreShare in (0,1]");
        }
        this.coreShare = coreShare;
        this.capacityNanos = (long) (coreShare * 1e9);
        this.tokensNanos = capacityNanos;
        this.measured = THREADS.isCurrentThreadCpuTimeSupported();
        this.pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue), r -> {
            Thread t = new Thread(r, "mercator-shadow");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** A queue of 16 and a whole core: for tests and tools where the shadow's cost does not matter. */
    public ShadowRunner(int queue) {
        this(queue, 1.0);
    }

    /** Queues the work; false (and nothing runs) when the shadow is busy or over its CPU budget. */
    public boolean offer(Runnable work) {
        if (!take()) {
            return false;
        }
        try {
            pool.execute(() -> {
                long before = measured ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
                try {
                    work.run();
                } finally {
                    long after = measured ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
                    spend(after - before);
                }
            });
            return true;
        } catch (RejectedExecutionException busy) {
            return false;
        }
    }

    private synchronized boolean take() {
        long now = System.nanoTime();
        tokensNanos = Math.min(capacityNanos, tokensNanos + (long) ((now - refilledAt) * coreShare));
        refilledAt = now;
        return tokensNanos > 0;
    }

    private synchronized void spend(long nanos) {
        tokensNanos -= nanos;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
