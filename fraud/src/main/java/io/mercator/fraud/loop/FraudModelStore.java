package io.mercator.fraud.loop;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mercator.fraud.anomaly.IsolationForest;
import io.mercator.fraud.supervised.FraudCalibration;
import io.mercator.fraud.supervised.FraudClassifier;
import io.mercator.fraud.supervised.FraudModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fraud-model registry on disk, {@code <dataDir>/fraud-models/<version>/}: the card
 * ({@code card.json}: kind, labels, removals, listings, features, calibration steps, when), the
 * forest ({@code forest.json}), the calibration ({@code calibration.json}) and the classifier's
 * cross-fitted members ({@code classifier-<i>.txt}, LightGBM's own text form). {@code LIVE} names the
 * version serving. A version is written to a hidden directory and renamed into place, so a reader
 * sees a whole version or none; a version already there is not written again (its name ends with a
 * hash of its content, so the same name is the same model).
 *
 * <p>The loop rebuilds its models from the log after a restart; the registry is what lets a person
 * see which model removed a listing and what it learnt from, and lets a release bring back a
 * version the loop no longer keeps in memory.
 */
public final class FraudModelStore {

    private static final Pattern VERSION = Pattern.compile("fraud-(anomaly|supervised)-\\d+-[0-9a-f]{8}");
    private static final String LIVE = "LIVE";

    private final Path root;
    private final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public FraudModelStore(Path dataDir) {
        this.root = dataDir.resolve("fraud-models");
    }

    /** The version name of a trained model: kind, labels and the first 8 hex digits of a hash of its content. */
    public static String versionOf(FraudModel m) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ObjectMapper mapper = new ObjectMapper();
            sha.update(mapper.writeValueAsBytes(m.forest().save()));
            if (m.calibrator() != null) {
                sha.update(mapper.writeValueAsBytes(m.calibrator()));
            }
            if (m.classifier() != null) {
                for (String text : m.classifier().modelTexts()) {
                    sha.update(text.getBytes(StandardCharsets.UTF_8));
                }
            }
            return "fraud-" + m.kind() + "-" + m.labels() + "-" + HexFormat.of().formatHex(sha.digest()).substring(0, 8);
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the version and its card, unless it is there already. Blocking. */
    public void register(FraudModel m, FraudLoop.ModelCard card) {
        check(m.version());
        Path target = root.resolve(m.version());
        if (Files.isDirectory(target)) {
            return;
        }
        Path tmp = root.resolve(".tmp-" + m.version() + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(tmp);
            json.writeValue(tmp.resolve("card.json").toFile(), card);
            json.writeValue(tmp.resolve("forest.json").toFile(), m.forest().save());
            if (m.calibrator() != null) {
                json.writeValue(tmp.resolve("calibration.json").toFile(), m.calibrator());
            }
            if (m.classifier() != null) {
                json.writeValue(tmp.resolve("classifier-features.json").toFile(), m.classifier().featureNames());
                List<String> texts = m.classifier().modelTexts();
                for (int i = 0; i < texts.size(); i++) {
                    Files.writeString(tmp.resolve("classifier-" + i + ".txt"), texts.get(i), StandardCharsets.UTF_8);
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot register fraud model " + m.version(), e);
        }
    }

    /** Records which version serves now. */
    public void markLive(String version) {
        check(version);
        try {
            Files.createDirectories(root);
            Path pointer = root.resolve(".live-" + UUID.randomUUID());
            Files.writeString(pointer, version + "\n", StandardCharsets.UTF_8);
            Files.move(pointer, root.resolve(LIVE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The version last marked live, if any. */
    public Optional<String> live() {
        Path pointer = root.resolve(LIVE);
        try {
            return Files.isRegularFile(pointer) ? Optional.of(Files.readString(pointer, StandardCharsets.UTF_8).strip())
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every registered version, by name. */
    public List<String> versions() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.map(d -> d.getFileName().toString()).filter(n -> VERSION.matcher(n).matches()).sorted().forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public Optional<FraudLoop.ModelCard> card(String version) {
        if (!VERSION.matcher(version).matches() || !Files.isDirectory(root.resolve(version))) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(root.resolve(version).resolve("card.json").toFile(), FraudLoop.ModelCard.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a registered version back; it scores as the model registered. The caller closes it. */
    public FraudModel load(String version) {
        FraudLoop.ModelCard card = card(version).orElseThrow(() ->
                new IllegalArgumentException("no fraud model version " + version + " in " + root));
        Path dir = root.resolve(version);
        try {
            IsolationForest forest = IsolationForest.restore(json.readValue(dir.resolve("forest.json").toFile(),
                    IsolationForest.Saved.class));
            FraudCalibration calibration = Files.isRegularFile(dir.resolve("calibration.json"))
                    ? json.readValue(dir.resolve("calibration.json").toFile(), FraudCalibration.class) : null;
            FraudClassifier classifier = null;
            if (Files.isRegularFile(dir.resolve("classifier-features.json"))) {
                List<String> names = List.of(json.readValue(dir.resolve("classifier-features.json").toFile(), String[].class));
                List<String> texts = new ArrayList<>();
                for (int i = 0; Files.isRegularFile(dir.resolve("classifier-" + i + ".txt")); i++) {
                    texts.add(Files.readString(dir.resolve("classifier-" + i + ".txt"), StandardCharsets.UTF_8));
                }
                classifier = FraudClassifier.load(names, texts);
            }
            return new FraudModel(version, card.kind(), forest, classifier, calibration, card.labels());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fraud model " + version, e);
        }
    }

    private static void check(String version) {
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("not a fraud-model version: " + version);
        }
    }
}
