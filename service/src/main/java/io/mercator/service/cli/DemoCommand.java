package io.mercator.service.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code mercator demo}: the embedded default, seeded with the demo marketplace on first start. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start on the embedded default; seed the demo marketplace on first start.")
final class DemoCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions service = new ServiceOptions();

    @Option(names = "--users", description = "demo users (default 5000)")
    Integer users;

    @Option(names = "--days", description = "days of simulated traffic (default 14)")
    Integer days;

    @Option(names = "--seed", description = "simulation seed (default 42)")
    Long seed;

    @Override
    public Integer call() throws Exception {
        java.util.Map<String, String> demo = new java.util.HashMap<>();
        demo.put("MERCATOR_DEMO_ENABLED", "true");
        if (users != null) {
            demo.put("MERCATOR_DEMO_USERS", users.toString());
        }
        if (days != null) {
            demo.put("MERCATOR_DEMO_DAYS", days.toString());
        }
        if (seed != null) {
            demo.put("MERCATOR_DEMO_RANDOM_SEED", seed.toString());
        }
        ServiceRun.runUntilStopped(service.load(demo));
        return 0;
    }
}
