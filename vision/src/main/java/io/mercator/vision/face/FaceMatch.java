package io.mercator.vision.face;

import java.util.List;

/**
 * The outcome of comparing an ID photo with a selfie.
 *
 * @param faceMatchScore calibrated probability that both show one person; NaN when a photo has no single face
 * @param livenessProb   the selfie's liveness: the mean of the liveness and antispoof networks'
 *                       "real" probabilities (uncalibrated; NaN when the selfie has no single face)
 * @param live           the liveness network's probability alone
 * @param real           the antispoof network's probability alone
 * @param idFaces        faces found in the ID photo
 * @param selfieFaces    faces found in the selfie
 * @param decision       match, no_match or review
 * @param reasons        why, in words
 * @param selfieCode     the selfie's embedding quantised to one signed byte a dimension; only ever
 *                       hashed with a salt, never stored or logged; null without a single face
 * @param modelVersion   the face models' version
 */
public record FaceMatch(double faceMatchScore, double livenessProb, double live, double real, int idFaces, int selfieFaces,
                        String decision, List<String> reasons, byte[] selfieCode, String modelVersion) {

    public static final String MATCH = "match";
    public static final String NO_MATCH = "no_match";
    public static final String REVIEW = "review";

    public FaceMatch {
        reasons = List.copyOf(reasons);
    }
}
