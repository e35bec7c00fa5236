package io.mercator.vision;

import io.mercator.vision.category.CategoryHead;
import io.mercator.vision.category.CategoryHeadStore;
import io.mercator.vision.category.CategoryHeadTrainer;
import io.mercator.vision.image.ImageDecoder;
import io.mercator.vision.model.ImageBackbone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Trains the category head on clothing-small ({@code train/} to fit, {@code validation/} to choose
 * the regularisation and to report), registers it with a card, and says what it measured.
 */
public final class VisionTraining {

    /** What one training run measured. */
    public record Result(String version, CategoryHead head, Map<String, Object> card, double validationAccuracy,
                         double validationOtherRate, Map<String, Map<String, Integer>> confusion) {
    }

    private VisionTraining() {
    }

    /**
     * @param clothing the clothing-small folder (train/ and validation/, one folder a class)
     * @param perClass at most this many training photos per class (0: all), for quick test runs
     */
    public static Result train(ImageBackbone backbone, Path clothing, int perClass, Clock clock) throws IOException {
        ImageDecoder decoder = new ImageDecoder();
        List<CategoryHeadTrainer.Example> train = examples(backbone, decoder, clothing.resolve("train"), perClass);
        List<CategoryHeadTrainer.Example> validation = examples(backbone, decoder, clothing.resolve("validation"), 0);
        CategoryHeadTrainer.Trained trained = CategoryHeadTrainer.train(train, validation);
        CategoryHead head = trained.head();
        Map<String, Map<String, Integer>> confusion = new TreeMap<>();
        int other = 0;
        for (CategoryHeadTrainer.Example e : validation) {
            CategoryHead.Prediction p = head.predict(e.features());
            confusion.computeIfAbsent(e.label(), k -> new TreeMap<>()).merge(p.top().getFirst().label(), 1, Integer::sum);
            if (p.label().equals(CategoryHead.OTHER)) {
                other++;
            }
        }
        double accuracy = CategoryHeadTrainer.accuracy(head, validation, false);
        String version = "v-" + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC).format(clock.instant())
                + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("version", version);
        card.put("model", "clothing category head: one-vs-rest L2 logistic regression (liblinear) on "
                + ImageBackbone.HEAD_LAYERS + " mean- and max-pooled, standardised");
        card.put("backbone", backbone.version());
        card.put("data", Map.of("source", "clothing-small (alexeygrigorev/clothing-dataset-small, CC0)",
                "train_photos", train.size(), "validation_photos", validation.size()));
        card.put("parameters", Map.of("C", trained.c(), "C_tried", trained.cs(), "validation_accuracy_per_C", trained.validationAccuracy(),
                "temperature", head.temperature(), "other_below_probability", head.minProbability(),
                "other_share_of_validation", CategoryHeadTrainer.OTHER_SHARE));
        card.put("metrics", Map.of("validation_accuracy", accuracy, "validation_other_rate", (double) other / validation.size(),
                "note", "validation chose C, the temperature and the other floor, so its figures are optimistic by those choices"));
        card.put("created", clock.instant().toString());
        return new Result(version, head, card, accuracy, (double) other / validation.size(), confusion);
    }

    public static void register(Path dataDir, Result result) {
        new CategoryHeadStore(dataDir).registerAsProduction(result.version(), result.head(), result.card());
    }

    private static List<CategoryHeadTrainer.Example> examples(ImageBackbone backbone, ImageDecoder decoder, Path split, int perClass)
            throws IOException {
        List<CategoryHeadTrainer.Example> out = new ArrayList<>();
        try (Stream<Path> classes = Files.list(split)) {
            for (Path dir : classes.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> photos = Files.list(dir)) {
                    List<Path> files = photos.filter(Files::isRegularFile).sorted().toList();
                    if (perClass > 0 && files.size() > perClass) {
                        files = files.subList(0, perClass);
                    }
                    for (Path f : files) {
                        ImageBackbone.Output o = backbone.run(List.of(decoder.decode(Files.readAllBytes(f)).rgb())).getFirst();
                        out.add(new CategoryHeadTrainer.Example(dir.getFileName().toString(), o.features()));
                    }
                }
            }
        }
        return out;
    }
}
