package io.mercator.service.seed;

import io.mercator.events.log.EventLog;
import io.mercator.simulator.MarketplaceSimulator;
import io.mercator.simulator.SimulationConfig;
import io.mercator.simulator.SimulationSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Fills an empty embedded log with the demo marketplace, once.
 *
 * <p>The simulation's parameters (including its end time) are written to {@code seed.properties}
 * before the first event is appended, and {@code seed.done} after the last is acknowledged. A
 * seeding cut short by a crash is run again with the same parameters: the simulator is
 * deterministic, so the events it appends again carry the same ids and the projections drop them.
 */
public final class DemoSeeder {

    private static final Logger LOG = LoggerFactory.getLogger(DemoSeeder.class);

    private final Path dataDir;
    private final EventLog log;

    public DemoSeeder(Path dataDir, EventLog log) {
        this.dataDir = dataDir;
        this.log = log;
    }

    /** True when there is nothing to seed: seeding finished earlier, or the log holds other events. */
    public boolean alreadySeeded(long eventsInLog) {
        return Files.exists(dataDir.resolve("seed.done"))
                || eventsInLog > 0 && !Files.exists(dataDir.resolve("seed.properties"));
    }

    /** Runs the simulation into the log; blocks, so call it from a worker thread. */
    public SimulationSummary seed(int users, int days, long seed, long nowMillis) {
        SimulationConfig config = plannedOrNew(users, days, seed, nowMillis);
        LOG.info("seeding demo marketplace", kv("users", config.users()), kv("days", config.days()),
                kv("seed", config.seed()));
        SimulationSummary summary = new MarketplaceSimulator(config).run(new LogSink(log));
        write("seed.done", "events=" + summary.events() + "\n");
        LOG.info("demo marketplace seeded", kv("events", summary.events()), kv("listings", summary.listings()),
                kv("users", summary.users()), kv("interactions", summary.interactions()),
                kv("seconds", summary.elapsed().toMillis() / 1000.0));
        return summary;
    }

    private SimulationConfig plannedOrNew(int users, int days, long seed, long nowMillis) {
        Path planned = dataDir.resolve("seed.properties");
        Properties p = new Properties();
        if (Files.exists(planned)) {
            try (var in = Files.newBufferedReader(planned, StandardCharsets.UTF_8)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new SimulationConfig(Integer.parseInt(p.getProperty("users")), Integer.parseInt(p.getProperty("days")),
                    Long.parseLong(p.getProperty("seed")), Long.parseLong(p.getProperty("endMillis")));
        }
        SimulationConfig config = new SimulationConfig(users, days, seed, nowMillis);
        write("seed.properties", "users=" + users + "\ndays=" + days + "\nseed=" + seed + "\nendMillis=" + nowMillis + "\n");
        return config;
    }

    private void write(String name, String content) {
        try {
            Path tmp = dataDir.resolve(name + ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, dataDir.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
