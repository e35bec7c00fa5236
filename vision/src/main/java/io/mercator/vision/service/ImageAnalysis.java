package io.mercator.vision.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The port the service calls image analysis and face matching through: in-process on the event
 * bus, or a separate vision deployment over HTTP. The answer to {@link #analyze} is the report as
 * {@link ImageJson} writes it, with the photo's {@code fingerprint}.
 */
public interface ImageAnalysis {

    /** Image analysis could not answer (timeout, breaker open, no model, stopped), and why. */
    final class Down extends RuntimeException {
        public Down(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Bad input: the status (400, 413, 415) and the reason. */
    final class Bad extends RuntimeException {
        private final int status;

        public Bad(int status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    Future<JsonObject> analyze(byte[] photo);

    /**
     * An identity check, as {@link FaceJson} writes it, with the selfie's quantised embedding
     * ({@code selfie_code}) for the service to hash and drop.
     */
    Future<JsonObject> matchFaces(byte[] idPhoto, byte[] selfie);
}
