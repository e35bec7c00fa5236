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

/**
 * The training set of the whole log as it is now: a fresh {@link TrainingSetProjection} fed every
 * partition from offset 0 to its current end, then flushed. Blocking: call it on a worker.
 */
final class TrainingReplay {

    private static final int BATCH = 8192;

    private TrainingReplay() {
    }

    static TrainingSet of(EventLog log) {
        TrainingSetProjection projection = new TrainingSetProjection();
        for (LogPartition partition : await(log.partitions())) {
            long end = await(log.endOffset(partition));
            for (long at = 0; at < end; ) {
                List<LogRecord> batch = await(log.read(partition, at, BATCH, Duration.ZERO));
                if (batch.isEmpty()) {
                    break;
                }
                await(projection.apply(batch));
                at = batch.getLast().offset() + 1;
            }
        }
        projection.flush();
        return projection.trainingSet();
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
