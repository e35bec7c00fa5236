package io.mercator.service.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds and parses the files under {@code infra/}. The tests run with the module as working
 * directory, so the repository root is found by walking up to the folder holding {@code infra/}
 * and {@code config/production.yaml} rather than assuming a relative path.
 */
final class InfraFiles {

    static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory()).build();
    static final ObjectMapper JSON = JsonMapper.builder().build();

    private InfraFiles() {
    }

    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        for (Path at = p; at != null; at = at.getParent()) {
            if (Files.isDirectory(at.resolve("infra")) && Files.isRegularFile(at.resolve("config/production.yaml"))) {
                return at;
            }
        }
        throw new IllegalStateException("no repository root with infra/ and config/production.yaml above " + p);
    }

    static Path infra() {
        return root().resolve("infra");
    }

    /** Every file under infra/ whose name ends with one of the given extensions, sorted. */
    static List<Path> filesEnding(String... extensions) {
        try (Stream<Path> s = Files.walk(infra())) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> {
                        String n = f.getFileName().toString();
                        for (String e : extensions) {
                            if (n.endsWith(e)) {
                                return true;
                            }
                        }
                        return false;
                    })
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a (possibly multi-document) YAML file; empty documents are skipped. */
    static List<JsonNode> yamlDocuments(Path file) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode d = it.next();
                if (d != null && !d.isNull() && !d.isMissingNode()) {
                    docs.add(d);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file + ": " + e.getMessage(), e);
        }
        return docs;
    }

    static JsonNode yaml(Path file) {
        List<JsonNode> docs = yamlDocuments(file);
        if (docs.size() != 1) {
            throw new IllegalStateException(file + " holds " + docs.size() + " YAML documents, expected one");
        }
        return docs.get(0);
    }

    static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
