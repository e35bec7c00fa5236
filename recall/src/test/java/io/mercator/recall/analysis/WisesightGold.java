package io.mercator.recall.analysis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The wisesight-1000 gold segmentation, read from the shared data folder (never copied into the
 * repository). The gold lines, with {@code |} between words, are in {@code .label}; the {@code .txt}
 * beside it is the same text without the separators.
 */
final class WisesightGold {

    static final String RELATIVE = "data/text/wisesight-1000-tokenised.label";

    private WisesightGold() {
    }

    /** The gold lines, or empty when the shared folder is not there. */
    static Optional<List<String>> lines() {
        String shared = System.getProperty("mercator.shared.dir", "../shared");
        Path file = Path.of(shared).resolve(RELATIVE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
