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

    @Option(names = "--users", defaultValue = "5000", description = "demo users (default: ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--days", defaultValue = "14", description = "days of simulated traffic (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--seed", defaultValue = "42", description = "simulation seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        ServiceRun.runUntilStopped(service.toConfig(true, users, days, seed));
        return 0;
    }
}
