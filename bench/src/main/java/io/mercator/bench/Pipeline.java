package io.mercator.bench;

import io.mercator.catalog.CatalogProjection;
import io.mercator.events.log.EventLog;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.file.FileEventLog;
import io.mercator.events.projection.ProjectionRunner;
import io.mercator.fallback.popularity.PopularityProjection;
import io.mercator.hydration.features.FeatureProjection;
import io.mercator.hydration.store.InProcessOnlineStore;
import io.mercator.hydration.store.OnlineStore;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The embedded log with the projections the service runs, set up the way {@code Mercator} sets them up. */
final class Pipeline implements AutoCloseable {

    final EventLog log;
    final OnlineStore store;
    final CatalogProjection catalog = new CatalogProjection();
    final List<ProjectionRunner> runners;

    Pipeline(Path dir) {
        log = FileEventLog.open(dir, FileEventLog.Options.defaults());
        store = new InProcessOnlineStore(Clock.systemUTC());
        runners = List.of(
                new ProjectionRunner(log, catalog, ProjectionRunner.Options.defaults()),
                new ProjectionRunner(log, new FeatureProjection(store), ProjectionRunner.Options.defaults()),
                new ProjectionRunner(log, new PopularityProjection(store), ProjectionRunner.Options.defaults()));
    }

    void start() {
        runners.forEach(r -> Await.of(r.start()));
    }

    Map<LogPartition, Long> ends() {
        Map<LogPartition, Long> ends = new HashMap<>();
        for (LogPartition p : Await.of(log.partitions())) {
            ends.put(p, Await.of(log.endOffset(p)));
        }
        return ends;
    }

    /** Spins until every projection has applied everything before {@code ends}. */
    void awaitCaughtUp(Map<LogPartition, Long> ends) {
        while (!runners.stream().allMatch(r -> r.caughtUpTo(ends))) {
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(20_000);
        }
    }

    @Override
    public void close() {
        runners.forEach(ProjectionRunner::close);
        log.close();
        store.close();
    }
}
