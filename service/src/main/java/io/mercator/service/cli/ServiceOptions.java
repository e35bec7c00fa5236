package io.mercator.service.cli;

import io.mercator.service.ServiceConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options shared by the commands that start the service. */
final class ServiceOptions {

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "interface to bind (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--data-dir", defaultValue = "data", description = "embedded log and models (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--fsync", description = "force every append to disk (survives power loss, slower)")
    boolean fsync;

    ServiceConfig toConfig(boolean seedDemo, int users, int days, long seed) {
        return new ServiceConfig(host, port, dataDir, seedDemo, users, days, seed, fsync);
    }
}
