package io.mercator.vision.quality;

import io.mercator.vision.image.DecodedImage;
import io.mercator.vision.image.Luma;

/**
 * Measures {@link PhotoQuality}: blur from the variance of the Laplacian (Pech-Pacheco et al., 2000),
 * exposure from clipped pixels and mean brightness, resolution from the original size. Blur is measured
 * at a fixed scale ({@link #SIDE} pixels on the long side), so that the same photo at two sizes reads
 * the same.
 */
public final class PhotoQualityMeter {

    /** The long side, in pixels, at which blur is measured. */
    public static final int SIDE = 512;

    /**
     * @param halfBlurVariance the Laplacian variance that reads as half blurred
     * @param minShortSide     the short side a listing photo needs, in original pixels
     */
    public record Settings(double halfBlurVariance, int minShortSide) {
        public static final Settings DEFAULT = new Settings(60.0, 480);
    }

    private final Settings settings;

    public PhotoQualityMeter(Settings settings) {
        this.settings = settings;
    }

    public PhotoQualityMeter() {
        this(Settings.DEFAULT);
    }

    public PhotoQuality measure(DecodedImage image, Luma full) {
        Luma luma = full.fitted(SIDE);
        double variance = laplacianVariance(luma);
        double blur = settings.halfBlurVariance() / (settings.halfBlurVariance() + variance);
        double mean = 0;
        int clipped = 0;
        for (float v : full.values()) {
            mean += v;
            if (v < 8 || v > 247) {
                clipped++;
            }
        }
        mean /= full.values().length;
        double clippedShare = (double) clipped / full.values().length;
        double brightness = mean / 255.0;
        // a photo half clipped reads as 0.5; a mean at black or white as 0
        double exposure = Math.max(0, 1 - clippedShare) * (1 - Math.pow(Math.abs(brightness - 0.5) * 2, 3));
        boolean resolutionOk = Math.min(image.width(), image.height()) >= settings.minShortSide();
        double score = (1 - blur) * exposure * (resolutionOk ? 1 : 0.5);
        return new PhotoQuality(score, blur, variance, exposure, brightness, resolutionOk);
    }

    /** Variance of the 4-neighbour Laplacian over the interior. */
    static double laplacianVariance(Luma l) {
        if (l.width() < 3 || l.height() < 3) {
            return 0;
        }
        double sum = 0;
        double sumSq = 0;
        int n = 0;
        for (int y = 1; y < l.height() - 1; y++) {
            for (int x = 1; x < l.width() - 1; x++) {
                double lap = l.at(x - 1, y) + l.at(x + 1, y) + l.at(x, y - 1) + l.at(x, y + 1) - 4 * l.at(x, y);
                sum += lap;
                sumSq += lap * lap;
                n++;
            }
        }
        double mean = sum / n;
        return sumSq / n - mean * mean;
    }
}
