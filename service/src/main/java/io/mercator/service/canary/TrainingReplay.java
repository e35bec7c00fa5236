package io.mercator.service.canary;

import io.mercator.events.log.EventLog;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.learning.TrainingSet;
import io.mercator.learning.TrainingSetProjection;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.LongConsumer;

/**
 * The training set of the whole log as it is now: a fresh {@link TrainingSetProjection} fed every
 * partition from offset 0 to its current end, then flushed. Blocking: call it on a worker. Used by
 * the service's first boot and retraining, and by {@code mercator train}.
 */
public final class TrainingReplay {

    private static final int BATCH = 8192;

    private TrainingReplay() {
    }

    public static TrainingSet of(EventLog log) {
        return of(log, replayed -> {
        });
    }

    /**
     * As {@link #of(EventLog)}, telling {@code progress} after each batch how many events (log
     * positions) have been replayed so far, out of {@link #events(EventLog)}.
     */
    public static TrainingSet of(EventLog log, LongConsumer progress) {
        TrainingSetProjection projection = new TrainingSetProjection();
        long replayed = 0;
        for (LogPartition partition : await(log.partitions())) {
            long end = await(log.endOffset(partition));
            for (long at = 0; at < end; ) {
                List<LogRecord> batch = await(log.read(partition, at, BATCH, Duration.ZERO));
                if (batch.isEmpty()) {
                    break;
                }
                await(projection.apply(batch));
                long next = batch.getLast().offset() + 1;
                replayed += next - at;
                at = next;
                progress.accept(replayed);
            }
        }
        projection.flush();
        return projection.trainingSet();
    }

    /** Events in the log now, summed over its partitions. */
    public static long events(EventLog log) {
        long total = 0;
        for (LogPartition partition : await(log.partitions())) {
            total += await(log.endOffset(partition));
        }
        return total;
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the log", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the log: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
