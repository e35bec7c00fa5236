package io.mercator.vision.face;

import io.mercator.vision.image.DecodedImage;
import io.mercator.vision.image.ImageDecoder;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * eKYC: an ID photo against a selfie. Each photo is decoded in memory, its faces found; with exactly
 * one face in each, both are aligned and embedded, the cosine of the embeddings becomes a calibrated
 * probability, and the selfie's liveness is read. No face, or more than one, is a {@code review}
 * with the reason: a person decides, never a guess. Plain and blocking: the vision verticle runs it.
 */
public final class FaceMatcher {

    /** ID photos are often a card photographed whole: decode finer than listing photos, so the face keeps its detail. */
    public static final ImageDecoder.Limits LIMITS = new ImageDecoder.Limits(10 * 1024 * 1024, 50_000_000L, 12_000, 32, 640);

    private final FaceAnalyzer faces;
    private final FaceMatchPolicy policy;
    private final java.util.concurrent.Executor beside;
    private final ImageDecoder decoder = new ImageDecoder(LIMITS);

    /**
     * @param beside where the ID photo is read while the calling thread reads the selfie: the two
     *               are independent, and side by side a check takes the time of one photo, not two
     *               (each photo is about 100 ms of one core: decode, BlazeFace, MobileFaceNet)
     */
    public FaceMatcher(FaceAnalyzer faces, FaceMatchPolicy policy, java.util.concurrent.Executor beside) {
        this.faces = faces;
        this.policy = policy;
        this.beside = beside;
    }

    /** One photo read: how many faces, and the reading of the one face when there is exactly one. */
    private record Side(int faces, FaceAnalyzer.FaceReading reading) {
    }

    private Side side(String field, byte[] bytes, boolean liveness) {
        BufferedImage photo = decode(field, bytes);
        List<DetectedFace> found = faces.detect(photo);
        return new Side(found.size(), found.size() == 1 ? faces.read(photo, found.getFirst(), liveness) : null);
    }

    /** Which photo a bad input was; the decoder's reason is kept. */
    public static final class BadPhoto extends RuntimeException {
        private final int status;

        BadPhoto(String field, io.mercator.vision.image.BadImage cause) {
            super(field + ": " + cause.getMessage(), null, false, false);
            this.status = cause.status();
        }

        public int status() {
            return status;
        }
    }

    public FaceMatch match(byte[] idPhoto, byte[] selfie) {
        java.util.concurrent.CompletableFuture<Side> idSide =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> side("id_photo", idPhoto, false), beside);
        Side me;
        try {
            me = side("selfie", selfie, true);
        } finally {
            idSide.exceptionally(e -> null).join(); // never leave the other read running
        }
        Side id;
        try {
            id = idSide.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        List<String> reasons = new ArrayList<>();
        countReason("id_photo", id.faces(), reasons);
        countReason("selfie", me.faces(), reasons);
        FaceAnalyzer.FaceReading self = me.reading();
        double liveness = self == null ? Double.NaN : (self.live() + self.real()) / 2;
        if (id.reading() == null || self == null) {
            return new FaceMatch(Double.NaN, liveness, self == null ? Double.NaN : self.live(), self == null ? Double.NaN : self.real(),
                    id.faces(), me.faces(), FaceMatch.REVIEW, reasons, self == null ? null : quantised(self.embedding()),
                    faces.version());
        }
        FaceAnalyzer.FaceReading card = id.reading();
        double cosine = FaceAnalyzer.cosine(card.embedding(), self.embedding());
        double p = policy.probability(cosine);
        String decision;
        if (p < policy.noMatchBelow()) {
            decision = FaceMatch.NO_MATCH;
            reasons.add(String.format(Locale.ROOT, "the faces differ: match probability %.2f is below %.2f", p, policy.noMatchBelow()));
        } else if (p >= policy.matchAt() && liveness >= policy.livenessAt()) {
            decision = FaceMatch.MATCH;
            reasons.add(String.format(Locale.ROOT, "the faces match: probability %.2f, liveness %.2f", p, liveness));
        } else {
            decision = FaceMatch.REVIEW;
            if (p < policy.matchAt()) {
                reasons.add(String.format(Locale.ROOT, "match probability %.2f is between %.2f and %.2f", p, policy.noMatchBelow(), policy.matchAt()));
            }
            if (liveness < policy.livenessAt()) {
                reasons.add(String.format(Locale.ROOT, "the selfie's liveness %.2f is below %.2f", liveness, policy.livenessAt()));
            }
        }
        return new FaceMatch(p, liveness, self.live(), self.real(), 1, 1, decision, reasons, quantised(self.embedding()), faces.version());
    }

    private BufferedImage decode(String field, byte[] bytes) {
        try {
            DecodedImage d = decoder.decode(bytes);
            return d.rgb();
        } catch (io.mercator.vision.image.BadImage bad) {
            throw new BadPhoto(field, bad);
        }
    }

    private static void countReason(String field, int n, List<String> reasons) {
        if (n == 0) {
            reasons.add(field + ": no face found");
        } else if (n > 1) {
            reasons.add(field + ": " + n + " faces found, one is needed");
        }
    }

    /**
     * One signed byte a dimension of the unit vector (scaled by 4 x 127: its components are about
     * 1/sqrt(192) each), so that the code is the same wherever the float arithmetic ran.
     */
    public static byte[] quantised(float[] unit) {
        byte[] q = new byte[unit.length];
        for (int i = 0; i < unit.length; i++) {
            q[i] = (byte) Math.max(-127, Math.min(127, Math.round(unit[i] * 127 * 4)));
        }
        return q;
    }
}
