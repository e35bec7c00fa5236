package io.mercator.vision.face;

/**
 * How a face comparison becomes a decision.
 *
 * <p>The match probability is Platt scaling of the embeddings' cosine:
 * {@code p = 1 / (1 + exp(-(slope * cosine + intercept)))}, fitted by {@code ./mercator
 * evaluate-vision} on same- and different-person pairs of one half of the test faces (the other
 * half reports the rates). MobileFaceNet's cosines crowd near 1 (different people: median 0.98), so
 * the slope is steep.
 *
 * @param matchAt       {@code match} from this probability, if liveness passes too
 * @param noMatchBelow  {@code no_match} below this probability; between the two: {@code review}
 * @param livenessAt    the selfie's liveness probability must reach this for {@code match}
 * @param slope         Platt scaling: the cosine's weight
 * @param intercept     Platt scaling: the bias
 */
public record FaceMatchPolicy(double matchAt, double noMatchBelow, double livenessAt, double slope, double intercept) {

    public FaceMatchPolicy {
        if (!(noMatchBelow <= matchAt) || matchAt > 1 || noMatchBelow < 0 || livenessAt < 0 || livenessAt > 1) {
            throw new IllegalArgumentException("eKYC thresholds must satisfy 0 <= noMatchBelow <= matchAt <= 1, livenessAt in [0,1]");
        }
    }

    public double probability(double cosine) {
        return 1 / (1 + Math.exp(-(slope * cosine + intercept)));
    }
}
