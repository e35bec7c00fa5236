package io.mercator.service.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where the vision commands find the registry, the npm model packages and the clothing photos. */
final class VisionOptions {

    @Option(names = "--data-dir", defaultValue = "data", description = "where the head is registered (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--models-dir", defaultValue = ".mercator/models", description = "the npm model packages (default: ${DEFAULT-VALUE})")
    Path modelsDir;

    @Option(names = "--clothing", defaultValue = "../shared/data/vision/clothing-small",
            description = "the clothing-small photos (default: ${DEFAULT-VALUE})")
    Path clothing;
}
