package io.mercator.vision.service;

import io.mercator.vision.ImageReport;
import io.mercator.vision.category.CategoryHead;
import io.mercator.vision.duplicates.PhotoFingerprint;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Base64;
import java.util.HexFormat;

/** An {@link ImageReport} as the wire names it (the README documents every field). */
public final class ImageJson {

    private ImageJson() {
    }

    public static JsonObject report(ImageReport r) {
        JsonArray top = new JsonArray();
        for (CategoryHead.Scored s : r.category().top()) {
            top.add(new JsonObject().put("label", s.label()).put("score", round(s.score())));
        }
        JsonObject classes = new JsonObject();
        r.nsfwClasses().forEach((k, v) -> classes.put(k, round(v)));
        return new JsonObject()
                .put("photo_id", r.photoId())
                .put("format", r.format().mediaType())
                .put("width", r.width())
                .put("height", r.height())
                .put("category", new JsonObject().put("label", r.category().label()).put("score", round(r.category().score())))
                .put("top_categories", top)
                .putNull("condition_score")
                .put("condition_model", "none")
                .put("photo_quality", new JsonObject()
                        .put("score", round(r.quality().score()))
                        .put("blur", round(r.quality().blur()))
                        .put("laplacian_variance", round(r.quality().laplacianVariance()))
                        .put("exposure", round(r.quality().exposure()))
                        .put("brightness", round(r.quality().brightness()))
                        .put("resolution_ok", r.quality().resolutionOk()))
                .put("safety", new JsonObject().put("nsfw", round(r.nsfw())).put("score", round(r.safety())).put("classes", classes))
                .put("safety_flags", new JsonArray(r.safetyFlags()))
                .put("near_duplicates", new JsonArray())
                .put("model_version", r.modelVersion());
    }

    /** The fingerprint on the bus between the vision verticle and the service (hex hashes, base64 embedding). */
    public static JsonObject fingerprint(PhotoFingerprint f) {
        JsonArray hashes = new JsonArray();
        for (long h : f.hashes()) {
            hashes.add(HexFormat.of().toHexDigits(h));
        }
        return new JsonObject().put("hashes", hashes).put("embedding", Base64.getEncoder().encodeToString(f.embedding()));
    }

    public static PhotoFingerprint fingerprint(JsonObject json) {
        JsonArray hashes = json.getJsonArray("hashes");
        long[] h = new long[hashes.size()];
        for (int i = 0; i < h.length; i++) {
            h[i] = HexFormat.fromHexDigitsToLong(hashes.getString(i));
        }
        String e = json.getString("embedding", "");
        return new PhotoFingerprint(h, Base64.getDecoder().decode(e));
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
