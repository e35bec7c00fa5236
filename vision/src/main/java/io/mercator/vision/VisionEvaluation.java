package io.mercator.vision;

import io.mercator.vision.category.CategoryHead;
import io.mercator.vision.duplicates.NearDuplicateIndex;
import io.mercator.vision.duplicates.PhotoFingerprint;
import io.mercator.vision.image.DecodedImage;
import io.mercator.vision.image.ImageDecoder;
import io.mercator.vision.image.JpegEncoder;
import io.mercator.vision.image.Luma;
import io.mercator.vision.model.ImageBackbone;
import io.mercator.vision.safety.ImageSafetyPolicy;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.RescaleOp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * What {@code mercator evaluate-vision} prints: the category head on clothing-small's validation
 * photos (accuracy, confusion), the NSFW false-unsafe rate on every clothing photo (all are safe),
 * and near-duplicate search on augmented copies of the validation photos (recall, and false matches
 * between different photos).
 */
public final class VisionEvaluation {

    /** The figures. */
    public record Result(int validationPhotos, double accuracy, double otherRate, Map<String, Map<String, Integer>> confusion,
                         int safetyPhotos, int flaggedUnsafe, Map<String, Integer> flagsByClass,
                         Map<String, double[]> copiesFound, long distinctPairs, long falseMatches) {
    }

    /** The copies near-duplicate search must find, as a marketplace thief makes them. */
    public static final Map<String, UnaryOperator<BufferedImage>> AUGMENTATIONS = augmentations();

    private VisionEvaluation() {
    }

    public static Result run(ImageBackbone backbone, CategoryHead head, ImageSafetyPolicy policy, NearDuplicateIndex.Rule rule,
                             Path clothing) throws IOException {
        ImageDecoder decoder = new ImageDecoder();
        List<Path> validation = photos(clothing.resolve("validation"));
        List<Path> all = new ArrayList<>(photos(clothing.resolve("train")));
        all.addAll(validation);
        Map<String, Map<String, Integer>> confusion = new TreeMap<>();
        int right = 0;
        int other = 0;
        List<PhotoFingerprint> originals = new ArrayList<>();
        List<BufferedImage> images = new ArrayList<>();
        for (Path p : validation) {
            DecodedImage d = decoder.decode(Files.readAllBytes(p));
            ImageBackbone.Output o = backbone.run(List.of(d.rgb())).getFirst();
            CategoryHead.Prediction pred = head.predict(o.features());
            String truth = p.getParent().getFileName().toString();
            String best = pred.top().getFirst().label();
            confusion.computeIfAbsent(truth, k -> new TreeMap<>()).merge(best, 1, Integer::sum);
            right += best.equals(truth) ? 1 : 0;
            other += pred.label().equals(CategoryHead.OTHER) ? 1 : 0;
            originals.add(PhotoFingerprint.of(Luma.of(d), o.embedding()));
            images.add(d.rgb());
        }
        int flagged = 0;
        Map<String, Integer> flagsByClass = new TreeMap<>();
        for (Path p : all) {
            ImageBackbone.Output o = backbone.run(List.of(decoder.decode(Files.readAllBytes(p)).rgb())).getFirst();
            if (!policy.judge(o.nsfw()).flags().isEmpty()) {
                flagged++;
                flagsByClass.merge(p.getParent().getFileName().toString(), 1, Integer::sum);
            }
        }
        NearDuplicateIndex index = new NearDuplicateIndex(rule);
        for (int i = 0; i < originals.size(); i++) {
            index.add(new NearDuplicateIndex.Photo("p" + i, "l" + i, "s" + i, originals.get(i)));
        }
        Map<String, double[]> found = new LinkedHashMap<>();
        for (Map.Entry<String, UnaryOperator<BufferedImage>> a : AUGMENTATIONS.entrySet()) {
            int hit = 0;
            int wrong = 0;
            for (int i = 0; i < images.size(); i++) {
                byte[] copy = JpegEncoder.encode(a.getValue().apply(images.get(i)), 0.75f);
                DecodedImage d = decoder.decode(copy);
                PhotoFingerprint f = PhotoFingerprint.of(Luma.of(d), backbone.run(List.of(d.rgb())).getFirst().embedding());
                List<NearDuplicateIndex.Match> m = index.near(f, "copy", "thief", 5);
                String own = "l" + i;
                hit += m.stream().anyMatch(x -> x.listingId().equals(own)) ? 1 : 0;
                wrong += (int) m.stream().filter(x -> !x.listingId().equals(own)).count();
            }
            found.put(a.getKey(), new double[] {(double) hit / images.size(), wrong});
        }
        long pairs = 0;
        long falseMatches = 0;
        for (int i = 0; i < originals.size(); i++) {
            for (int j = i + 1; j < originals.size(); j++) {
                pairs++;
                int dist = originals.get(i).hashDistance(originals.get(j));
                double cos = originals.get(i).cosine(originals.get(j));
                if (dist <= rule.maxHashDistance() || cos >= rule.minCosine()) {
                    falseMatches++;
                }
            }
        }
        return new Result(validation.size(), (double) right / validation.size(), (double) other / validation.size(), confusion,
                all.size(), flagged, flagsByClass, found, pairs, falseMatches);
    }

    private static List<Path> photos(Path split) throws IOException {
        try (Stream<Path> s = Files.walk(split)) {
            return s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
    }

    private static Map<String, UnaryOperator<BufferedImage>> augmentations() {
        Map<String, UnaryOperator<BufferedImage>> a = new LinkedHashMap<>();
        a.put("resized to half, JPEG quality 75", im -> scaled(im, 0.5));
        a.put("centre crop 90%", im -> im.getSubimage(im.getWidth() / 20, im.getHeight() / 20, im.getWidth() * 9 / 10, im.getHeight() * 9 / 10));
        a.put("brightness x1.25", im -> new RescaleOp(1.25f, 0, null).filter(im, null));
        a.put("crop 6% off the left and top", im -> cut(im, 6, 6, 0, 0));
        a.put("crop 6% off the right and bottom", im -> cut(im, 0, 0, 6, 6));
        a.put("crop 10% off the top", im -> cut(im, 0, 10, 0, 0));
        a.put("crop 3% off every side", im -> cut(im, 3, 3, 3, 3));
        a.put("crop 12% off the left and bottom", im -> cut(im, 12, 0, 0, 12));
        return a;
    }

    /** The image with these percentages cut off the left, top, right and bottom. */
    private static BufferedImage cut(BufferedImage im, int left, int top, int right, int bottom) {
        int x = im.getWidth() * left / 100;
        int y = im.getHeight() * top / 100;
        return im.getSubimage(x, y, im.getWidth() - x - im.getWidth() * right / 100, im.getHeight() - y - im.getHeight() * bottom / 100);
    }

    private static BufferedImage scaled(BufferedImage im, double s) {
        int w = Math.max(1, (int) (im.getWidth() * s));
        int h = Math.max(1, (int) (im.getHeight() * s));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(im, 0, 0, w, h, null);
        g.dispose();
        return out;
    }
}
