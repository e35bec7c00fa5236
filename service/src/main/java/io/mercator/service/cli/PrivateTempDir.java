package io.mercator.service.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * Gives this process a temp directory of its own. lightgbm4j extracts its native library into
 * {@code java.io.tmpdir} under a fixed file name: two Mercator processes sharing /tmp would
 * overwrite a library the other has mapped, and the other would crash. Must run before any
 * LightGBM class loads.
 */
final class PrivateTempDir {

    private PrivateTempDir() {
    }

    static void claim() {
        try {
            Path dir = Files.createTempDirectory("mercator-");
            System.setProperty("java.io.tmpdir", dir.toString());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "mercator-tmp-cleanup"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a private temp directory", e);
        }
    }

    private static void delete(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at exit; the OS cleans /tmp eventually
        }
    }
}
