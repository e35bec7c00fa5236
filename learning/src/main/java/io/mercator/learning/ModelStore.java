package io.mercator.learning;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mercator.learning.calibration.Calibrators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
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
 * Model versions on disk: {@code <dataDir>/models/<version>/pctr.txt}, {@code pcvr.txt} (LightGBM
 * text format), {@code metadata.json} and, for calibrated models, {@code calibration.json} (the
 * isotonic calibrators' knots; a version without it serves raw probabilities).
 *
 * <p>A version is written into a hidden temporary directory beside the others and renamed into
 * place in one atomic move, so a reader sees a complete version or none. Versions are named
 * {@code m-<yyyyMMddHHmmss>-<hash8>}, so the newest sorts last and {@link #latest()} is the
 * greatest name. Saving a version that already exists is a no-op: the name includes a hash of the
 * models, so it is the same content.
 */
public final class ModelStore {

    public static final String PCTR_FILE = "pctr.txt";
    public static final String PCVR_FILE = "pcvr.txt";
    public static final String METADATA_FILE = "metadata.json";
    public static final String CALIBRATION_FILE = "calibration.json";
    private static final Pattern VERSION = Pattern.compile("m-\\d{14}-[0-9a-f]{8}");

    private final Path models;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** @param dataDir the service's data directory; models go under {@code models/} in it */
    public ModelStore(Path dataDir) {
        this.models = dataDir.resolve("models");
    }

    /** Where a version's files are. */
    public Path directory(String version) {
        checkVersion(version);
        return models.resolve(version);
    }

    /** Writes a version atomically; returns its directory. */
    public Path save(TrainedModels trained) {
        String version = trained.models().version();
        Path target = directory(version);
        if (Files.isDirectory(target)) {
            return target;
        }
        Path tmp = models.resolve(".tmp-" + version + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(tmp);
            Files.writeString(tmp.resolve(PCTR_FILE), trained.models().pctrModelText(), StandardCharsets.UTF_8);
            Files.writeString(tmp.resolve(PCVR_FILE), trained.models().pcvrModelText(), StandardCharsets.UTF_8);
            json.writeValue(tmp.resolve(METADATA_FILE).toFile(), trained.metadata());
            Calibrators calibrators = trained.models().calibrators();
            if (!calibrators.bothAbsent()) {
                json.writeValue(tmp.resolve(CALIBRATION_FILE).toFile(), calibrators);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the model directory cannot rename atomically: " + models, e);
            } catch (FileAlreadyExistsException e) {
                deleteTree(tmp); // another writer saved the same version first
            }
            return target;
        } catch (IOException e) {
            try {
                deleteTree(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot save model " + version, e);
        }
    }

    /** Loads a version into working boosters; the caller closes them. */
    public TrainedModels load(String version) {
        Path dir = directory(version);
        try {
            TrainingMetadata metadata = json.readValue(dir.resolve(METADATA_FILE).toFile(), TrainingMetadata.class);
            String pctr = Files.readString(dir.resolve(PCTR_FILE), StandardCharsets.UTF_8);
            String pcvr = Files.readString(dir.resolve(PCVR_FILE), StandardCharsets.UTF_8);
            Path calibration = dir.resolve(CALIBRATION_FILE);
            Calibrators calibrators = Files.exists(calibration)
                    ? json.readValue(calibration.toFile(), Calibrators.class) : Calibrators.NONE;
            return new TrainedModels(new LightGbmClickModels(version, metadata.featureNames(), pctr, pcvr,
                    calibrators), metadata);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load model " + version, e);
        }
    }

    /** Every complete version, oldest first. */
    public List<String> versions() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(models)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(models)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (VERSION.matcher(name).matches() && Files.isDirectory(d)) {
                    out.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + models, e);
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** The newest version, if any. */
    public Optional<String> latest() {
        List<String> all = versions();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    private static void checkVersion(String version) {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("not a model version: " + version);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            List<Path> all = paths.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }
}
