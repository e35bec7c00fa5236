package io.mercator.service.cli;

import io.mercator.service.config.ConfigLoader;
import io.mercator.service.config.MercatorConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Options shared by the commands that start the service. Precedence: command-line flag, then
 * {@code MERCATOR_*} environment variable, then the config file, then the built-in defaults.
 */
final class ServiceOptions {

    @Option(names = "--config", description = "YAML configuration file (see config/production.yaml)")
    Path configFile;

    @Option(names = "--port", description = "HTTP port (default 8080)")
    Integer port;

    @Option(names = "--host", description = "interface to bind (default 0.0.0.0)")
    String host;

    @Option(names = "--data-dir", description = "embedded log and models (default ./data)")
    Path dataDir;

    @Option(names = "--fsync", description = "force every append of the embedded log to disk (survives power loss, slower)")
    boolean fsync;

    MercatorConfig load(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(extra);
        if (port != null) {
            env.put("MERCATOR_HTTP_PORT", port.toString());
        }
        if (host != null) {
            env.put("MERCATOR_HTTP_HOST", host);
        }
        if (dataDir != null) {
            env.put("MERCATOR_DATA_DIR", dataDir.toString());
        }
        if (fsync) {
            env.put("MERCATOR_LOG_EMBEDDED_FSYNC", "true");
        }
        return ConfigLoader.load(configFile, env);
    }
}
