package io.mercator.release;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ShadowRunnerTest {

    /** Burns about {@code millis} of CPU on the calling thread. */
    private static void burn(long millis) {
        long until = System.nanoTime() + millis * 1_000_000L;
        double x = 0;
        while (System.nanoTime() < until) {
            x += Math.sqrt(x + 1);
        }
        if (x < 0) {
            throw new AssertionError();
        }
    }

    @Test
    void aShadowOverItsCpuBudgetSkipsRequestsInsteadOfQueueingThem() throws Exception {
        // 2% of a core: 20 ms of CPU banked at most, refilled at 20 ms a second
        try (ShadowRunner runner = new ShadowRunner(64, 0.02)) {
            AtomicInteger ran = new AtomicInteger();
            CountDownLatch first = new CountDownLatch(1);
            assertThat(runner.offer(() -> {
                burn(60);
                ran.incrementAndGet();
                first.countDown();
            })).isTrue();
            assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(50);
            // 60 ms spent against 20 ms banked: in debt for about two seconds, so everything is skipped now
            int accepted = 0;
            for (int i = 0; i < 20; i++) {
                accepted += runner.offer(ran::incrementAndGet) ? 1 : 0;
            }
            assertThat(accepted).isZero();
            assertThat(ran.get()).isEqualTo(1);
        }
    }

    @Test
    void aFullQueueSkipsAndCheapWorkWithinTheBudgetRuns() throws Exception {
        try (ShadowRunner runner = new ShadowRunner(1, 1.0)) {
            CountDownLatch release = new CountDownLatch(1);
            assertThat(runner.offer(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            })).isTrue();
            long deadline = System.nanoTime() + 5_000_000_000L;
            boolean queued = false;
            while (!queued && System.nanoTime() < deadline) {
                queued = runner.offer(() -> { });
            }
            assertThat(queued).as("one waits in the queue").isTrue();
            assertThat(runner.offer(() -> { })).as("the queue of one is full").isFalse();
            release.countDown();
        }
    }
}
