package io.mercator.nlp.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The text-model registry on disk: {@code <dataDir>/text-models/<version>/} holds a version's
 * models, profanity lists and card; {@code text-models/PRODUCTION} names the version served. A
 * version is written into a hidden directory and renamed into place, and the production pointer is
 * replaced by an atomic rename, so a reader sees a whole version or none.
 */
public final class TextModelStore {

    private static final Pattern VERSION = Pattern.compile("t-\\d{14}-[0-9a-f]{8}");
    private static final String PRODUCTION = "PRODUCTION";

    private final Path root;

    /** @param dataDir the service's data directory */
    public TextModelStore(Path dataDir) {
        this.root = dataDir.resolve("text-models");
    }

    /** Writes a version (a no-op when it is already there) and makes it production. */
    public void registerAsProduction(TextModels models) {
        String version = models.version();
        check(version);
        Path target = root.resolve(version);
        try {
            Files.createDirectories(root);
            if (!Files.isDirectory(target)) {
                Path tmp = root.resolve(".tmp-" + version + "-" + UUID.randomUUID());
                models.writeTo(tmp);
                move(tmp, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        makeProduction(version);
    }

    /** Makes a registered version production (a blue-green switch): the pointer is replaced by an atomic rename. */
    public void makeProduction(String version) {
        check(version);
        if (!Files.isDirectory(root.resolve(version))) {
            throw new IllegalArgumentException("no text model version " + version + " in " + root);
        }
        try {
            Path pointer = root.resolve(".production-" + UUID.randomUUID());
            Files.writeString(pointer, version + "\n", StandardCharsets.UTF_8);
            move(pointer, root.resolve(PRODUCTION));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads a registered version. */
    public TextModels load(String version) {
        check(version);
        if (!Files.isDirectory(root.resolve(version))) {
            throw new IllegalArgumentException("no text model version " + version + " in " + root);
        }
        return TextModels.readFrom(root.resolve(version));
    }

    /** The production version's name, if one was registered. */
    public Optional<String> productionVersion() {
        Path pointer = root.resolve(PRODUCTION);
        if (!Files.isRegularFile(pointer)) {
            return Optional.empty();
        }
        try {
            String version = Files.readString(pointer, StandardCharsets.UTF_8).strip();
            check(version);
            return Files.isDirectory(root.resolve(version)) ? Optional.of(version) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads the production version, if there is one. */
    public Optional<TextModels> production() {
        return productionVersion().map(v -> TextModels.readFrom(root.resolve(v)));
    }

    /** Every version on disk, oldest first. */
    public List<String> versions() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (VERSION.matcher(name).matches()) {
                    out.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the text-model directory cannot rename atomically", e);
        }
    }

    private static void check(String version) {
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("not a text-model version: " + version);
        }
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
