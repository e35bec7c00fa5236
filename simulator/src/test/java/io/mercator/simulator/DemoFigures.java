package io.mercator.simulator;

import io.mercator.events.Event;
import io.mercator.events.EventType;

import java.util.EnumMap;
import java.util.Map;

/**
 * Prints the figures of a simulation (event counts by type, rates, elapsed time); not a test.
 * Run from the command line: {@code java -cp ... io.mercator.simulator.DemoFigures [users days]}.
 * The first run is a warm-up on a small config so the demo's timing is not JIT start-up.
 */
public final class DemoFigures {

    private DemoFigures() {
    }

    public static void main(String[] args) {
        long end = 1_767_225_600_000L; // 2026-01-01T00:00Z
        SimulationConfig config = args.length == 2
                ? new SimulationConfig(Integer.parseInt(args[0]), Integer.parseInt(args[1]), SimulationConfig.DEMO_SEED, end)
                : SimulationConfig.demo(end);
        new MarketplaceSimulator(new SimulationConfig(500, 3, 1, end)).run(batch -> { });

        long t0 = System.nanoTime();
        MarketplaceSimulator sim = new MarketplaceSimulator(config);
        long worldMs = (System.nanoTime() - t0) / 1_000_000;
        SimulationSummary noop = sim.run(batch -> { });
        System.out.printf("config %s%nworld built in %d ms; run with a no-op sink: %d ms%n", config, worldMs,
                noop.elapsed().toMillis());
        System.out.println(noop);

        Map<EventType, Long> byType = new EnumMap<>(EventType.class);
        int[] batches = {0, Integer.MAX_VALUE, 0};
        java.util.Set<String> published = new java.util.HashSet<>();
        io.mercator.events.validation.EventValidator gate = new io.mercator.events.validation.EventValidator(
                java.time.Clock.fixed(java.time.Instant.ofEpochMilli(end), java.time.ZoneOffset.UTC), published::contains);
        long[] rejected = {0};
        java.util.List<String> samples = new java.util.ArrayList<>();
        sim.run(batch -> {
            rejected[0] += gate.validate(batch).size();
            for (Event e : batch) {
                if (e.data() instanceof io.mercator.events.payload.ListingPayload.Published p) {
                    published.add(e.key());
                    if (published.size() % 5_000 == 1) {
                        samples.add(e.key() + " | " + e.ts() + " | " + p.sellerId() + " | " + p.category() + " | " + p.title() + " | " + p.price() + " | " + p.description());
                    }
                }
            }
            batches[0]++;
            batches[1] = Math.min(batches[1], batch.size());
            batches[2] = Math.max(batches[2], batch.size());
            for (Event e : batch) {
                byType.merge(e.type(), 1L, Long::sum);
            }
        });
        byType.forEach((t, n) -> System.out.printf("%-26s %,12d%n", t.wireName(), n));
        System.out.printf("batches %d (sizes %d..%d), events rejected by the validation gate: %d%n",
                batches[0], batches[1], batches[2], rejected[0]);
        samples.forEach(System.out::println);
        System.out.printf("CTR %.4f, cart/click %.3f, order/cart %.3f%n",
                (double) noop.clicks() / noop.impressions(), (double) noop.carts() / noop.clicks(),
                (double) noop.orders() / noop.carts());
    }
}
