package io.mercator.events.log.kafka;

import io.mercator.events.log.EventLog;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Helpers of the Kafka tests outside the contract: waiting with deadlines, reading everything back. */
final class KafkaTesting {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private KafkaTesting() {
    }

    /** Waits for a future (at most {@code bound}); its failure is rethrown as is so tests can assert its type. */
    static <T> T await(Future<T> future, Duration bound) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within " + bound, e);
        }
    }

    static <T> T await(Future<T> future) {
        return await(future, CALL_TIMEOUT);
    }

    static void pollUntil(BooleanSupplier condition, Duration bound, String what) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** Everything in the log, per partition, from offset 0 to the current end. */
    static Map<LogPartition, List<LogRecord>> readAll(EventLog log) {
        Map<LogPartition, List<LogRecord>> all = new LinkedHashMap<>();
        for (LogPartition p : await(log.partitions())) {
            long end = await(log.endOffset(p));
            List<LogRecord> records = new ArrayList<>();
            long next = 0;
            while (next < end) {
                List<LogRecord> got = await(log.read(p, next, 1000, Duration.ofSeconds(5)));
                if (got.isEmpty()) {
                    throw new AssertionError("no records at " + next + " of " + p + " although the end is " + end);
                }
                records.addAll(got);
                next = got.get(got.size() - 1).offset() + 1;
            }
            all.put(p, records);
        }
        return all;
    }

    static Map<LogPartition, Long> endOffsets(EventLog log) {
        Map<LogPartition, Long> ends = new LinkedHashMap<>();
        for (LogPartition p : await(log.partitions())) {
            ends.put(p, await(log.endOffset(p)));
        }
        return ends;
    }
}
