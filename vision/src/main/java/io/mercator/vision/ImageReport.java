package io.mercator.vision;

import io.mercator.vision.category.CategoryHead;
import io.mercator.vision.duplicates.PhotoFingerprint;
import io.mercator.vision.image.ImageFormat;
import io.mercator.vision.quality.PhotoQuality;

import java.util.List;
import java.util.Map;

/**
 * What image analysis says of one photo.
 *
 * @param photoId      SHA-256 of the bytes, hex: the same upload is the same photo
 * @param format       what the bytes were
 * @param width        original width
 * @param height       original height
 * @param category     the head's answer, {@code other} for a photo far from every class
 * @param quality      measured photo quality
 * @param nsfw         the NSFW probability (porn + hentai + sexy)
 * @param nsfwClasses  the NSFW head's five probabilities by class
 * @param safety       {@code 1 - nsfw}
 * @param safetyFlags  the flags the policy raised
 * @param fingerprint  hashes and embedding for near-duplicate search (never the photo)
 * @param modelVersion the backbone and head versions
 */
public record ImageReport(String photoId, ImageFormat format, int width, int height, CategoryHead.Prediction category,
                          PhotoQuality quality, double nsfw, Map<String, Double> nsfwClasses, double safety,
                          List<String> safetyFlags, PhotoFingerprint fingerprint, String modelVersion) {
}
