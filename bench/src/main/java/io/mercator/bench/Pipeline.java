package io.mercator.bench;

import io.mercator.catalog.CatalogProjection;
import io.mercator.events.log.EventLog;
import io.mercator.events.log.LogPartition;
import io.mercator.events.projection.ProjectionRunner;
import io.mercator.hydration.store.OnlineStore;
import io.mercator.service.Assembly;
import io.mercator.service.config.ConfigLoader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The service's own parts on the embedded default over a data directory, built by the service's
 * composition root ({@link Assembly}): the log and every projection runner the service runs
 * (catalog, features, popularity, recall index, user interests, the learning loop's monitor),
 * without the HTTP front or the boot sequence.
 */
final class Pipeline implements AutoCloseable {

    final Vertx vertx = Vertx.vertx();
    final Assembly parts;
    final EventLog log;
    final OnlineStore store;
    final CatalogProjection catalog;
    final List<ProjectionRunner> runners;

    Pipeline(Path dataDir) {
        parts = Await.of(Assembly.open(vertx, new SimpleMeterRegistry(), ConfigLoader.load(null, Map.of(
                "MERCATOR_DATA_DIR", dataDir.toString(), "MERCATOR_RETRAINING_ENABLED", "false"))));
        log = parts.log();
        store = parts.store();
        catalog = parts.catalog();
        runners = parts.runners();
    }

    void start() {
        Await.of(parts.startProjections());
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
        parts.close();
        Await.of(vertx.close());
    }
}
