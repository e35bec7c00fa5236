package io.mercator.vision.category;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mercator.vision.model.FineTunedBlocks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The category-head registry on disk: {@code <dataDir>/vision-models/<version>/} holds
 * {@code head.json}, {@code card.json} (data, metrics, parameters) and, where the version retrained
 * the backbone's later blocks, {@code blocks.bin} (their weights); {@code PRODUCTION} names
 * the version served. Written to a hidden directory and renamed into place, so a reader sees a
 * whole version or none.
 */
public final class CategoryHeadStore {

    private static final Pattern VERSION = Pattern.compile("v-\\d{14}-[0-9a-f]{8}");
    private static final String BLOCKS = "blocks.bin";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    public CategoryHeadStore(Path dataDir) {
        this.root = dataDir.resolve("vision-models");
    }

    /**
     * A registered head and its card.
     *
     * @param blocks the later blocks it retrained, whose output the head reads; null where it reads
     *               the pretrained network's own layers
     */
    public record Registered(String version, CategoryHead head, FineTunedBlocks blocks, Map<String, Object> card) {
    }

    public void registerAsProduction(String version, CategoryHead head, FineTunedBlocks blocks, Map<String, Object> card) {
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("not a vision-model version: " + version);
        }
        try {
            Files.createDirectories(root);
            Path target = root.resolve(version);
            if (!Files.isDirectory(target)) {
                Path tmp = root.resolve(".tmp-" + version + "-" + UUID.randomUUID());
                Files.createDirectories(tmp);
                JSON.writeValue(tmp.resolve("head.json").toFile(), head);
                JSON.writeValue(tmp.resolve("card.json").toFile(), card);
                if (blocks != null) {
                    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp.resolve(BLOCKS)))) {
                        blocks.write(out);
                    }
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        makeProduction(version);
    }

    /** Every registered version, oldest first. */
    public java.util.List<String> versions() {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (java.util.stream.Stream<Path> dirs = Files.list(root)) {
            dirs.map(d -> d.getFileName().toString()).filter(n -> VERSION.matcher(n).matches()).sorted().forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Makes a registered version production (a blue-green switch): the pointer is replaced by an atomic rename. */
    public void makeProduction(String version) {
        if (!VERSION.matcher(version).matches() || !Files.isDirectory(root.resolve(version))) {
            throw new IllegalArgumentException("no image model version " + version + " in " + root);
        }
        try {
            Path pointer = root.resolve(".production-" + UUID.randomUUID());
            Files.writeString(pointer, version + "\n", StandardCharsets.UTF_8);
            Files.move(pointer, root.resolve("PRODUCTION"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Registered> production() {
        Path pointer = root.resolve("PRODUCTION");
        if (!Files.isRegularFile(pointer)) {
            return Optional.empty();
        }
        try {
            String version = Files.readString(pointer, StandardCharsets.UTF_8).strip();
            if (!VERSION.matcher(version).matches() || !Files.isDirectory(root.resolve(version))) {
                return Optional.empty();
            }
            return Optional.of(load(version));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A registered version's head and card. */
    @SuppressWarnings("unchecked")
    public Registered load(String version) {
        if (!VERSION.matcher(version).matches() || !Files.isDirectory(root.resolve(version))) {
            throw new IllegalArgumentException("no image model version " + version + " in " + root);
        }
        try {
            CategoryHead head = JSON.readValue(root.resolve(version).resolve("head.json").toFile(), CategoryHead.class);
            Map<String, Object> card = JSON.readValue(root.resolve(version).resolve("card.json").toFile(), Map.class);
            FineTunedBlocks blocks = null;
            Path file = root.resolve(version).resolve(BLOCKS);
            if (Files.isRegularFile(file)) {
                try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                    blocks = FineTunedBlocks.read(in);
                }
            }
            return new Registered(version, head, blocks, card);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
