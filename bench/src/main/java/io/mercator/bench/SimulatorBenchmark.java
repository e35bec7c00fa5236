package io.mercator.bench;

import io.mercator.simulator.MarketplaceSimulator;
import io.mercator.simulator.SimulationConfig;
import io.mercator.simulator.SimulationSummary;

/** How long the demo marketplace takes to generate (no log, no projections). */
final class SimulatorBenchmark {

    private SimulatorBenchmark() {
    }

    static void run(int users, int days, long seed) {
        SimulationConfig config = days > 0 ? new SimulationConfig(users, days, seed, System.currentTimeMillis())
                : SimulationConfig.demo(System.currentTimeMillis());
        long[] batches = new long[1];
        SimulationSummary s = new MarketplaceSimulator(config).run(batch -> batches[0]++);
        System.out.printf("simulator: users=%d days=%d seed=%d -> %,d events (%,d listings, %,d users, %,d sellers, "
                        + "%,d interactions: %,d impressions, %,d clicks, %,d carts, %,d orders) in %.2f s = %,.0f events/s%n",
                config.users(), config.days(), config.seed(), s.events(), s.listings(), s.users(), s.sellers(),
                s.interactions(), s.impressions(), s.clicks(), s.carts(), s.orders(),
                s.elapsed().toNanos() / 1e9, s.events() / (s.elapsed().toNanos() / 1e9));
    }
}
