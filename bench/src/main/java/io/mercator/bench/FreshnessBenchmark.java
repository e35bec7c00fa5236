package io.mercator.bench;

import io.mercator.events.Event;
import io.mercator.events.payload.InteractionPayload;
import io.mercator.hydration.features.FeatureReader;
import io.mercator.simulator.MarketplaceSimulator;
import io.mercator.simulator.SimulationConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Freshness: the time from appending an event to the log until the feature it changes is visible
 * to a reader of the online store, while the log also takes background traffic.
 *
 * <p>Each probe appends one search impression by a probe user and polls {@link FeatureReader} until
 * that user's current_search_query is the probe's query. The background thread appends other simulated events at
 * a fixed rate, so the projections are busy as they are in production.
 */
final class FreshnessBenchmark {

    private static final int PROBES = 2_000;
    private static final int BACKGROUND_EVENTS_PER_SECOND = 20_000;

    private FreshnessBenchmark() {
    }

    static void run() throws Exception {
        long now = System.currentTimeMillis();
        List<List<Event>> seed = new ArrayList<>();
        new MarketplaceSimulator(new SimulationConfig(500, 2, 7, now)).run(b -> seed.add(List.copyOf(b)));
        List<Event> background = new ArrayList<>();
        new MarketplaceSimulator(new SimulationConfig(2000, 3, 8, now)).run(background::addAll);

        Path dir = Files.createTempDirectory("mercator-freshness");
        try (Pipeline p = new Pipeline(dir)) {
            p.start();
            for (List<Event> b : seed) {
                Await.of(p.log.append(b));
            }
            p.awaitCaughtUp(p.ends());
            List<String> listings = new ArrayList<>();
            p.catalog.forEachLive(l -> {
                if (listings.size() < 500) {
                    listings.add(l.id());
                }
            });
            FeatureReader reader = new FeatureReader(p.store);

            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong backgroundSent = new AtomicLong();
            Thread load = Thread.ofPlatform().name("background-load").start(() -> appendAtRate(p, background, stop, backgroundSent));

            LatencyStats stats = new LatencyStats();
            long t0 = System.nanoTime();
            for (int i = 0; i < PROBES; i++) {
                String listing = listings.get(i % listings.size());
                // a search query only this probe writes: the background traffic cannot fake visibility
                String query = "probe query " + i;
                Event probe = Event.of("fresh-" + i, System.currentTimeMillis(), "U-probe",
                        new InteractionPayload.Impression("probe-" + i, "search", query, listing, 1, "bench", "web", null));
                long start = System.nanoTime();
                Await.of(p.log.append(List.of(probe)));
                while (!query.equals(Await.of(reader.user("U-probe", System.currentTimeMillis())).currentSearchQuery())) {
                    LockSupport.parkNanos(10_000);
                }
                stats.add(System.nanoTime() - start);
                LockSupport.parkNanos(2_000_000); // about 400 probes a second, between background batches
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            stop.set(true);
            load.join();
            System.out.printf("freshness (append -> feature visible), %d probes with %,.0f background events/s: %s%n",
                    stats.count(), backgroundSent.get() / seconds, stats.summary());
        } finally {
            IngestBenchmark.deleteTree(dir);
        }
    }

    private static void appendAtRate(Pipeline p, List<Event> events, AtomicBoolean stop, AtomicLong sent) {
        int batch = 200;
        long intervalNanos = (long) (1e9 * batch / BACKGROUND_EVENTS_PER_SECOND);
        long next = System.nanoTime();
        for (int i = 0; i + batch <= events.size() && !stop.get(); i += batch) {
            Await.of(p.log.append(events.subList(i, i + batch)));
            sent.addAndGet(batch);
            next += intervalNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }
}
