package io.mercator.learning.lifecycle;

import io.mercator.events.log.EventLog;
import io.mercator.events.projection.ProjectionRunner;
import io.mercator.learning.TrainingSet;
import io.mercator.learning.TrainingSetProjection;

import java.util.function.LongConsumer;

/**
 * The training set of the whole log as it is now: a fresh {@link TrainingSetProjection} replayed
 * through the projection runner (de-duplicated as every projection is) from offset 0 to the
 * current end of every partition, then flushed. Blocking: call it on a worker. Used by the
 * service's first boot and retraining, and by {@code mercator train}, on whichever log the
 * configuration names.
 */
public final class TrainingReplay {

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
        ProjectionRunner.replay(log, projection, progress);
        projection.flush();
        return projection.trainingSet();
    }

    /** Events in the log now, summed over its partitions. */
    public static long events(EventLog log) {
        return ProjectionRunner.eventsInLog(log);
    }
}
