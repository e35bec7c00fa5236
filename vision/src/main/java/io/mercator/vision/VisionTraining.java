package io.mercator.vision;

import io.mercator.vision.category.CategoryHead;
import io.mercator.vision.category.CategoryHeadStore;
import io.mercator.vision.category.CategoryFineTuner;
import io.mercator.vision.category.CategoryHeadTrainer;
import io.mercator.vision.image.ImageDecoder;
import io.mercator.vision.model.FineTunedBlocks;
import io.mercator.vision.model.ImageBackbone;
import io.mercator.vision.model.Resize;
import io.mercator.vision.model.tfjs.KerasGraph;

import java.awt.image.BufferedImage;

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
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Trains the category head on clothing-small ({@code train/} to fit, {@code validation/} to choose
 * the regularisation and to report), registers it with a card, and says what it measured.
 */
public final class VisionTraining {

    /** What one training run measured. */
    public record Result(String version, CategoryHead head, FineTunedBlocks blocks, Map<String, Object> card, double validationAccuracy,
                         double validationOtherRate, Map<String, Map<String, Integer>> confusion) {
    }

    /** A training run that retrained blocks, and the network loaded with them (the caller closes it). */
    public record Retrained(Result result, ImageBackbone backbone) {
    }

    /**
     * The last layer kept as ImageNet trained it: the end of block 6 (14 x 14 x 64), where the network
     * first works at 1/16 of the photo's side. Retraining from the end of block 10 instead (blocks 11
     * to 16) reached 0.871 on the validation photos, from here 0.900 (README, "Image intelligence").
     */
    public static final String RETRAIN_FROM = "block_6_project";
    /** The last layer retrained: the network's last convolution's ReLU6 (7 x 7 x 1280). */
    public static final String RETRAIN_TO = "out_relu";
    /** Views of a training photo the blocks learn from: the photo, its mirror image, and two crops (one mirrored). */
    static final int VIEWS = 4;

    private VisionTraining() {
    }

    /**
     * @param clothing the clothing-small folder (train/ and validation/, one folder a class)
     * @param perClass at most this many training photos per class (0: all), for quick test runs
     */
    public static Result train(ImageBackbone backbone, Path clothing, int perClass, Clock clock) throws IOException {
        return train(backbone, clothing, perClass, clock, Map.of(), null);
    }

    /**
     * Retrains the network's blocks after {@link #RETRAIN_FROM} on the clothing photos for {@code
     * epochs} passes ({@link CategoryFineTuner}), loads the network with them on {@code runtime}, and
     * trains the category head on their output. Minutes on two cores for all of clothing-small.
     */
    public static Retrained retrain(Path modelsDir, ImageBackbone.Runtime runtime, Path clothing, int perClass, int epochs, Clock clock,
                                    CategoryFineTuner.Progress progress) throws IOException {
        KerasGraph graph = ImageBackbone.graph(modelsDir);
        ImageDecoder decoder = new ImageDecoder();
        List<String> classes = classes(clothing.resolve("train"));
        List<CategoryFineTuner.Example> examples = new ArrayList<>();
        long[] chw;
        try (ImageBackbone.Activations below = ImageBackbone.activations(graph, RETRAIN_FROM, Math.max(1, java.lang.Runtime.getRuntime().availableProcessors()))) {
            SplittableRandom crops = new SplittableRandom(11);
            for (int label = 0; label < classes.size(); label++) {
                for (Path f : photos(clothing.resolve("train").resolve(classes.get(label)), perClass)) {
                    BufferedImage rgb = decoder.decode(Files.readAllBytes(f)).rgb();
                    List<short[]> views = new ArrayList<>(VIEWS);
                    for (float[] view : views(rgb, crops)) {
                        views.add(CategoryFineTuner.Example.half(below.at(view, 1)));
                    }
                    examples.add(new CategoryFineTuner.Example(views, label));
                }
            }
            int channels = (int) ((KerasGraph.Conv) graph.layer(RETRAIN_FROM)).shape()[0];
            int side = (int) Math.round(Math.sqrt(examples.getFirst().views().getFirst().length / (double) channels));
            chw = new long[] {channels, side, side};
        }
        CategoryFineTuner.Options options = CategoryFineTuner.Options.defaults(epochs);
        CategoryFineTuner.Trained trained = new CategoryFineTuner(graph, RETRAIN_FROM, RETRAIN_TO, chw).train(examples, classes.size(), options, progress);
        ImageBackbone backbone = ImageBackbone.load(modelsDir, runtime, trained.blocks());
        try {
            Map<String, Object> retrained = new LinkedHashMap<>();
            retrained.put("blocks", RETRAIN_FROM + " (exclusive) to " + RETRAIN_TO + ", from the pretrained weights, batch norm folded in");
            retrained.put("photos", examples.size());
            retrained.put("views_per_photo", "the photo, its mirror image, a crop of 75-95% of each side, and another crop mirrored");
            retrained.put("epochs", options.epochs());
            retrained.put("optimiser", "Adam, learning rate " + options.learningRate() + " cosine-decayed to 0 (x10 for the temporary classifier), weight decay "
                    + options.weightDecay());
            retrained.put("regularisation", "dropout " + options.dropout() + " before the classifier, label smoothing " + options.labelSmoothing());
            retrained.put("batch", options.batch());
            retrained.put("seed", options.seed());
            retrained.put("note", "fixed settings: the validation photos chose nothing in this step");
            return new Retrained(train(backbone, clothing, perClass, clock, Map.of("retrained", retrained), trained.classifier()), backbone);
        } catch (IOException | RuntimeException e) {
            backbone.close();
            throw e;
        }
    }

    /** The views of a photo the blocks learn from, each prepared as the network reads it (NCHW, 224 x 224). */
    static List<float[]> views(BufferedImage rgb, SplittableRandom crops) {
        float[] photo = prepared(rgb);
        float[] crop = prepared(crop(rgb, crops));
        float[] otherCrop = prepared(crop(rgb, crops));
        return List.of(photo, mirrored(photo), crop, mirrored(otherCrop));
    }

    /** A random part of the photo, 75-95% of each side. */
    private static BufferedImage crop(BufferedImage rgb, SplittableRandom crops) {
        double side = 0.75 + 0.2 * crops.nextDouble();
        int w = Math.max(1, (int) (rgb.getWidth() * side));
        int h = Math.max(1, (int) (rgb.getHeight() * side));
        return rgb.getSubimage(crops.nextInt(rgb.getWidth() - w + 1), crops.nextInt(rgb.getHeight() - h + 1), w, h);
    }

    /** Prepared input flipped left to right. */
    static float[] mirrored(float[] nchw) {
        int s = ImageBackbone.SIZE;
        float[] x = new float[nchw.length];
        for (int row = 0; row < nchw.length / s; row++) {
            for (int col = 0; col < s; col++) {
                x[row * s + col] = nchw[row * s + (s - 1 - col)];
            }
        }
        return x;
    }

    private static float[] prepared(BufferedImage image) {
        float[] x = new float[3 * ImageBackbone.SIZE * ImageBackbone.SIZE];
        Resize.toChannelsFirst(image, ImageBackbone.SIZE, x, 0);
        return x;
    }

    /**
     * Fits the head and registers nothing. With {@code classifier} (a retraining's), the head is that
     * classifier and only its temperature and "other" floor are set; without, liblinear fits one on
     * the training photos' features.
     */
    private static Result train(ImageBackbone backbone, Path clothing, int perClass, Clock clock, Map<String, Object> retrained,
                                float[][] classifier) throws IOException {
        ImageDecoder decoder = new ImageDecoder();
        List<CategoryHeadTrainer.Example> validation = examples(backbone, decoder, clothing.resolve("validation"), 0);
        String pooled = backbone.blocks() == null ? ImageBackbone.HEAD_LAYERS.toString()
                : "the retrained blocks' output (" + backbone.blocks().output() + ")";
        Map<String, Object> parameters = new LinkedHashMap<>();
        CategoryHead head;
        String model;
        String chose;
        int trainPhotos = 0;
        if (classifier == null) {
            List<CategoryHeadTrainer.Example> train = examples(backbone, decoder, clothing.resolve("train"), perClass);
            CategoryHeadTrainer.Trained trained = CategoryHeadTrainer.train(train, validation);
            head = trained.head();
            trainPhotos = train.size();
            model = "one-vs-rest L2 logistic regression (liblinear) on " + pooled + " mean- and max-pooled, standardised";
            parameters.put("C", trained.c());
            parameters.put("C_tried", trained.cs());
            parameters.put("validation_accuracy_per_C", trained.validationAccuracy());
            chose = "C, the temperature and the other floor";
        } else {
            List<String> classes = classes(clothing.resolve("train"));
            head = CategoryHeadTrainer.retrained(classes, classifier, validation);
            for (String label : classes) {
                trainPhotos += photos(clothing.resolve("train").resolve(label), perClass).size();
            }
            model = "the softmax classifier trained with the retrained blocks, on " + pooled + " mean-pooled";
            chose = "the temperature and the other floor (and where retraining starts, " + RETRAIN_FROM + ", of two tried: README)";
        }
        parameters.put("temperature", head.temperature());
        parameters.put("other_below_probability", head.minProbability());
        parameters.put("other_share_of_validation", CategoryHeadTrainer.OTHER_SHARE);
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
        card.put("model", "clothing category head: " + model);
        card.putAll(retrained);
        card.put("backbone", backbone.version());
        card.put("data", Map.of("source", "clothing-small (alexeygrigorev/clothing-dataset-small, CC0)",
                "train_photos", trainPhotos, "validation_photos", validation.size()));
        card.put("parameters", parameters);
        card.put("metrics", Map.of("validation_accuracy", accuracy, "validation_other_rate", (double) other / validation.size(),
                "note", "validation chose " + chose + ", so its figures are optimistic by those choices"));
        card.put("created", clock.instant().toString());
        return new Result(version, head, backbone.blocks(), card, accuracy, (double) other / validation.size(), confusion);
    }

    public static void register(Path dataDir, Result result) {
        new CategoryHeadStore(dataDir).registerAsProduction(result.version(), result.head(), result.blocks(), result.card());
    }

    private static List<CategoryHeadTrainer.Example> examples(ImageBackbone backbone, ImageDecoder decoder, Path split, int perClass)
            throws IOException {
        List<CategoryHeadTrainer.Example> out = new ArrayList<>();
        for (String label : classes(split)) {
            for (Path f : photos(split.resolve(label), perClass)) {
                ImageBackbone.Output o = backbone.run(List.of(decoder.decode(Files.readAllBytes(f)).rgb())).getFirst();
                out.add(new CategoryHeadTrainer.Example(label, o.features()));
            }
        }
        return out;
    }

    /** The class folders of a split, by name. */
    private static List<String> classes(Path split) throws IOException {
        try (Stream<Path> dirs = Files.list(split)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
        }
    }

    /** A class folder's photos by name, at most {@code perClass} (0: all). */
    private static List<Path> photos(Path dir, int perClass) throws IOException {
        try (Stream<Path> photos = Files.list(dir)) {
            List<Path> files = photos.filter(Files::isRegularFile).sorted().toList();
            return perClass > 0 && files.size() > perClass ? files.subList(0, perClass) : files;
        }
    }
}
