package io.mercator.service;

import java.nio.file.Path;

/**
 * How one Mercator process runs; read once at start and validated.
 *
 * @param host        interface to bind
 * @param port        HTTP port (0 picks a free one)
 * @param dataDir     where the embedded log and models live
 * @param seedDemo    seed the demo marketplace when the log is empty
 * @param demoUsers   users of the demo marketplace
 * @param demoDays    days of simulated traffic in the demo marketplace
 * @param demoSeed    random seed of the demo marketplace
 * @param fsync       force every append to disk (power-loss durability, slower)
 */
public record ServiceConfig(String host, int port, Path dataDir, boolean seedDemo, int demoUsers, int demoDays,
                            long demoSeed, boolean fsync) {

    public ServiceConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("data directory is required");
        }
        if (seedDemo && (demoUsers < 1 || demoDays < 1)) {
            throw new IllegalArgumentException("demo users and days must be positive");
        }
    }
}
