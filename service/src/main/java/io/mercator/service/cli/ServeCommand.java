package io.mercator.service.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code mercator serve}: the service on whatever the log already holds, without demo data. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the service as configured (--config FILE, MERCATOR_* variables); embedded backends by default.")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions service = new ServiceOptions();

    @Override
    public Integer call() throws Exception {
        ServiceRun.runUntilStopped(service.load(java.util.Map.of()));
        return 0;
    }
}
