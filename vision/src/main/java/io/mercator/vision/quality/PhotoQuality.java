package io.mercator.vision.quality;

/**
 * How good a listing photo is as a photo, measured, not learned: nothing here knows what the item's
 * condition is (that waits for a condition model).
 *
 * @param score           0..1: {@code sharpness x exposure x (resolution ok ? 1 : 0.5)}
 * @param blur            0..1, 1 fully blurred: {@code k / (k + v)} for the variance {@code v} of the
 *                        Laplacian of the luma at {@link PhotoQualityMeter#SIDE} pixels, {@code k}
 *                        the variance at which a photo reads as half blurred
 * @param laplacianVariance that variance, as measured
 * @param exposure        0..1, 1 well exposed: falls with the share of clipped pixels (near black or
 *                        near white) and with a mean brightness far from the middle
 * @param brightness      mean luma, 0..1
 * @param resolutionOk    whether the short side reaches the minimum for a listing photo
 */
public record PhotoQuality(double score, double blur, double laplacianVariance, double exposure, double brightness,
                           boolean resolutionOk) {
}
