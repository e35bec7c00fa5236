package io.mercator.vision;

import io.mercator.vision.category.CategoryHead;
import io.mercator.vision.duplicates.PhotoFingerprint;
import io.mercator.vision.image.DecodedImage;
import io.mercator.vision.image.ImageDecoder;
import io.mercator.vision.image.Luma;
import io.mercator.vision.model.ImageBackbone;
import io.mercator.vision.quality.PhotoQuality;
import io.mercator.vision.quality.PhotoQualityMeter;
import io.mercator.vision.safety.ImageSafetyPolicy;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One photo, start to finish: decoded in memory, its quality measured, one pass through the
 * backbone (features, embedding and NSFW probabilities together), the category head, the safety
 * policy and the fingerprint. Plain and blocking: the vision verticle runs it on its worker pool.
 * Near-duplicate search is not here: the index is a projection the service holds.
 */
public final class ImageAnalyzer {

    private final ImageDecoder decoder;
    private final PhotoQualityMeter quality;
    private final ImageBackbone backbone;
    private final CategoryHead head;
    private final ImageSafetyPolicy policy;
    private final String version;
    private final String headVersion;

    public ImageAnalyzer(ImageDecoder decoder, PhotoQualityMeter quality, ImageBackbone backbone, CategoryHead head,
                         String headVersion, ImageSafetyPolicy policy) {
        this.decoder = decoder;
        this.quality = quality;
        this.backbone = backbone;
        this.head = head;
        this.policy = policy;
        this.headVersion = headVersion;
        this.version = headVersion + " over " + backbone.version();
    }

    /** The same analyzer with another category head (a release's candidate): everything else is shared. */
    public ImageAnalyzer withHead(CategoryHead otherHead, String otherVersion) {
        return new ImageAnalyzer(decoder, quality, backbone, otherHead, otherVersion, policy);
    }

    /** The network the analyzer runs photos through. */
    public ImageBackbone backbone() {
        return backbone;
    }

    /** The registered version of the category head, the part of the analyzer a release changes. */
    public String headVersion() {
        return headVersion;
    }

    public CategoryHead head() {
        return head;
    }

    /** Shown a photo's backbone features and the head's answer (a shadow head scores the same features). */
    @FunctionalInterface
    public interface HeadTap {
        void scored(String photoSha256, float[] features, CategoryHead.Prediction prediction);
    }

    public String modelVersion() {
        return version;
    }

    /**
     * Where a photo's time goes, stage by stage: {@code decode}, {@code quality}, {@code backbone}
     * (MobileNetV2 with its NSFW head, one forward pass), {@code category_head} and
     * {@code fingerprint}. The service records them as latency per model.
     */
    public interface Stages {
        Stages NONE = (stage, nanos) -> { };

        void took(String stage, long nanos);
    }

    public ImageReport analyze(byte[] bytes) {
        return analyze(bytes, Stages.NONE);
    }

    public ImageReport analyze(byte[] bytes, Stages stages) {
        return analyze(bytes, stages, null);
    }

    /** As {@link #analyze(byte[], Stages)}, showing the category head's input and answer to {@code tap} when there is one. */
    public ImageReport analyze(byte[] bytes, Stages stages, HeadTap tap) {
        long t0 = System.nanoTime();
        DecodedImage image = decoder.decode(bytes);
        long t1 = System.nanoTime();
        Luma luma = Luma.of(image);
        PhotoQuality q = quality.measure(image, luma);
        long t2 = System.nanoTime();
        ImageBackbone.Output out = backbone.run(List.of(image.rgb())).getFirst();
        long t3 = System.nanoTime();
        CategoryHead.Prediction category = head.predict(out.features());
        ImageSafetyPolicy.Verdict verdict = policy.judge(out.nsfw());
        long t4 = System.nanoTime();
        Map<String, Double> classes = new LinkedHashMap<>();
        for (int i = 0; i < ImageBackbone.NSFW_CLASSES.size(); i++) {
            classes.put(ImageBackbone.NSFW_CLASSES.get(i), (double) out.nsfw()[i]);
        }
        PhotoFingerprint fingerprint = PhotoFingerprint.of(luma, out.embedding());
        long t5 = System.nanoTime();
        stages.took("decode", t1 - t0);
        stages.took("quality", t2 - t1);
        stages.took("backbone", t3 - t2);
        stages.took("category_head", t4 - t3);
        stages.took("fingerprint", t5 - t4);
        String sha = sha256(bytes);
        if (tap != null) {
            tap.scored(sha, out.features(), category);
        }
        return new ImageReport(sha, image.format(), image.width(), image.height(), category, q, verdict.nsfw(),
                classes, verdict.safety(), verdict.flags(), fingerprint, version);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
