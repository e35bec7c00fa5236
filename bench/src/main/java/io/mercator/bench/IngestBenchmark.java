package io.mercator.bench;

import io.mercator.events.Event;
import io.mercator.events.log.LogPartition;
import io.mercator.events.projection.ProjectionRunner;
import io.mercator.simulator.MarketplaceSimulator;
import io.mercator.simulator.SimulationConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Event ingestion into every projection the service runs, in events/s.
 *
 * <p>The events are generated first (the simulator is not what is measured), then two figures:
 * <ol>
 *   <li>live ingestion: projections running, every batch appended to the on-disk log; the clock
 *       stops when the last projection has applied the last event;</li>
 *   <li>replay: a fresh set of projections rebuilt from the full log.</li>
 * </ol>
 */
final class IngestBenchmark {

    private IngestBenchmark() {
    }

    static void run(int users, int days, long seed) throws Exception {
        SimulationConfig config = days > 0 ? new SimulationConfig(users, days, seed, System.currentTimeMillis())
                : SimulationConfig.demo(System.currentTimeMillis());
        List<List<Event>> batches = new ArrayList<>();
        new MarketplaceSimulator(config).run(b -> batches.add(List.copyOf(b)));
        long events = batches.stream().mapToLong(List::size).sum();
        System.out.printf("ingest: %,d events in %,d batches generated (users=%d days=%d seed=%d)%n",
                events, batches.size(), config.users(), config.days(), config.seed());

        Path dir = Files.createTempDirectory("mercator-ingest");
        try {
            try (Pipeline live = new Pipeline(dir)) {
                System.out.println("ingest: into the service's projections, as its composition root builds them: "
                        + String.join(", ", live.runners.stream().map(ProjectionRunner::id).toList()));
                live.start();
                long t0 = System.nanoTime();
                for (List<Event> b : batches) {
                    Await.of(live.log.append(b));
                }
                long appended = System.nanoTime();
                Map<LogPartition, Long> ends = live.ends();
                live.awaitCaughtUp(ends);
                long done = System.nanoTime();
                System.out.printf("ingest live: appended in %.2f s (%,.0f events/s); all projections caught up after %.2f s"
                                + " = %,.0f events/s end to end%n",
                        (appended - t0) / 1e9, events / ((appended - t0) / 1e9),
                        (done - t0) / 1e9, events / ((done - t0) / 1e9));
            }
            try (Pipeline replay = new Pipeline(dir)) {
                Map<LogPartition, Long> ends = replay.ends();
                long t0 = System.nanoTime();
                replay.start();
                replay.awaitCaughtUp(ends);
                long done = System.nanoTime();
                System.out.printf("ingest replay: %,d events rebuilt into all projections in %.2f s = %,.0f events/s%n",
                        events, (done - t0) / 1e9, events / ((done - t0) / 1e9));
            }
        } finally {
            deleteTree(dir);
        }
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
