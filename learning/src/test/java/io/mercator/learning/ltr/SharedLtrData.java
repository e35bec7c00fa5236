package io.mercator.learning.ltr;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** LightGBM's lambdarank example data under the shared data folder (never copied into the repo). */
final class SharedLtrData {

    private SharedLtrData() {
    }

    /** {@code <shared>/data/ltr/rank.train}; the test is skipped when the shared folder lacks it. */
    static Path rankTrain() {
        String shared = System.getProperty("mercator.shared.dir", "../../shared");
        Path file = Path.of(shared, "data", "ltr", "rank.train");
        assumeTrue(Files.exists(file) && Files.exists(file.resolveSibling("rank.train.query")),
                "shared LTR data missing: " + file);
        return file;
    }
}
