package io.mercator.service.cli;

import io.mercator.events.log.EventLog;
import io.mercator.service.Assembly;
import io.mercator.service.DataDirLock;
import io.mercator.service.config.MercatorConfig;
import io.mercator.service.seed.LogSink;
import io.mercator.simulator.MarketplaceSimulator;
import io.mercator.simulator.SimulationConfig;
import io.mercator.simulator.SimulationSummary;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code mercator simulate}: appends a simulated marketplace to the configured event log (embedded by default). */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Append a deterministic simulated marketplace to the event log.")
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--users", required = true, description = "buyers to simulate")
    int users;

    @Option(names = "--days", required = true, description = "days of traffic, ending now")
    int days;

    @Option(names = "--seed", defaultValue = "42", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--end", description = "end of the simulated span, epoch ms (default: now)")
    Long endMillis;

    @Mixin
    ServiceOptions service = new ServiceOptions();

    @Override
    public Integer call() throws Exception {
        SimulationConfig config = new SimulationConfig(users, days, seed,
                endMillis != null ? endMillis : System.currentTimeMillis());
        MercatorConfig mercator = service.load(Map.of());
        Vertx vertx = Vertx.vertx();
        try (DataDirLock lock = DataDirLock.acquire(mercator.dataPath());
             EventLog log = Assembly.eventLog(vertx, mercator).toCompletionStage().toCompletableFuture()
                     .get(2, TimeUnit.MINUTES)) {
            SimulationSummary s = new MarketplaceSimulator(config).run(new LogSink(log));
            System.out.printf("appended %,d events in %.1f s (%,.0f events/s): %,d sellers, %,d listings, %,d users, "
                            + "%,d interactions (%,d impressions, %,d clicks, %,d carts, %,d orders)%n",
                    s.events(), s.elapsed().toMillis() / 1000.0, s.events() / Math.max(1e-3, s.elapsed().toMillis() / 1000.0),
                    s.sellers(), s.listings(), s.users(), s.interactions(), s.impressions(), s.clicks(), s.carts(), s.orders());
        } finally {
            vertx.close();
        }
        return 0;
    }
}
