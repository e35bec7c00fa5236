package io.mercator.ranking;

import io.mercator.ranking.resilience.Scheduler;

import java.time.Duration;
import java.util.PriorityQueue;

/** A scheduler whose time moves only when a test says so; due tasks run on the test's thread. */
final class ManualScheduler implements Scheduler {

    private record Task(long due, long seq, Runnable run) {
    }

    private final PriorityQueue<Task> tasks =
            new PriorityQueue<>((a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;

    @Override
    public synchronized Timer schedule(Duration delay, Runnable run) {
        Task t = new Task(now + delay.toMillis(), seq++, run);
        tasks.add(t);
        return () -> {
            synchronized (this) {
                tasks.remove(t);
            }
        };
    }

    /** Moves time forward, running every task that falls due, in due order. */
    void advance(Duration d) {
        long target;
        synchronized (this) {
            target = now + d.toMillis();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due > target) {
                    now = target;
                    return;
                }
                tasks.poll();
                now = next.due;
            }
            next.run.run();
        }
    }

    synchronized int pending() {
        return tasks.size();
    }
}
