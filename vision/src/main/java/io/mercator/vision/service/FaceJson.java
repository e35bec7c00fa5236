package io.mercator.vision.service;

import io.mercator.vision.face.FaceMatch;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Base64;

/**
 * An identity check as JSON: the answer of {@code POST /ekyc-match}, plus {@code selfie_code} (the
 * selfie's quantised embedding, base64) for the service, which hashes it with its salt and removes it
 * before anything is answered, logged or stored. Scores that could not be computed are null.
 */
public final class FaceJson {

    public static final String SELFIE_CODE = "selfie_code";

    private FaceJson() {
    }

    public static JsonObject match(FaceMatch m) {
        JsonObject o = new JsonObject()
                .put("face_match_score", rounded(m.faceMatchScore()))
                .put("liveness_prob", rounded(m.livenessProb()))
                .put("liveness", new JsonObject().put("live", rounded(m.live())).put("real", rounded(m.real())))
                .put("faces_found", new JsonObject().put("id_photo", m.idFaces()).put("selfie", m.selfieFaces()))
                .put("decision", m.decision())
                .put("reasons", new JsonArray(m.reasons()))
                .put("model_version", m.modelVersion());
        if (m.selfieCode() != null) {
            o.put(SELFIE_CODE, Base64.getEncoder().encodeToString(m.selfieCode()));
        }
        return o;
    }

    private static Double rounded(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 1e4) / 1e4;
    }
}
