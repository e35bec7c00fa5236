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

    public ImageAnalyzer(ImageDecoder decoder, PhotoQualityMeter quality, ImageBackbone backbone, CategoryHead head,
                         String headVersion, ImageSafetyPolicy policy) {
        this.decoder = decoder;
        this.quality = quality;
        this.backbone = backbone;
        this.head = head;
        this.policy = policy;
        this.version = headVersion + " over " + backbone.version();
    }

    public String modelVersion() {
        return version;
    }

    public ImageReport analyze(byte[] bytes) {
        DecodedImage image = decoder.decode(bytes);
        Luma luma = Luma.of(image);
        PhotoQuality q = quality.measure(image, luma);
        ImageBackbone.Output out = backbone.run(List.of(image.rgb())).getFirst();
        CategoryHead.Prediction category = head.predict(out.features());
        ImageSafetyPolicy.Verdict verdict = policy.judge(out.nsfw());
        Map<String, Double> classes = new LinkedHashMap<>();
        for (int i = 0; i < ImageBackbone.NSFW_CLASSES.size(); i++) {
            classes.put(ImageBackbone.NSFW_CLASSES.get(i), (double) out.nsfw()[i]);
        }
        return new ImageReport(sha256(bytes), image.format(), image.width(), image.height(), category, q, verdict.nsfw(),
                classes, verdict.safety(), verdict.flags(), PhotoFingerprint.of(luma, out.embedding()), version);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
