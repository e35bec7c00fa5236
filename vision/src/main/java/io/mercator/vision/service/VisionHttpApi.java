package io.mercator.vision.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;
import java.util.function.BiFunction;

/**
 * {@code POST /analyze-image} and {@code POST /ekyc-match}. {@code /analyze-image}: the photo as the body ({@code image/jpeg}, {@code image/png},
 * {@code image/webp}) or as the {@code image} field of a multipart form, with optional
 * {@code listing_id} and {@code seller_id}. Read into memory, never onto disk. 400/413/415 with the
 * reason for bad input; 503 with the reason when image analysis cannot answer.
 *
 * <p>{@code afterAnalysis} lets the service add what only it holds (near-duplicates from its index)
 * and record the analysis as an event; a separate vision deployment passes the report through.
 */
public final class VisionHttpApi {

    /** The format checks from the first bytes, run before the models are asked. */
    private static final io.mercator.vision.image.ImageDecoder FORMATS = new io.mercator.vision.image.ImageDecoder();

    public static final int MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
    /** Multipart framing around a photo at the limit. */
    private static final int MULTIPART_SLACK = 16 * 1024;

    /** The request's ids, as given. */
    public record Ids(String listingId, String sellerId) {
    }

    private final ImageAnalysis analysis;
    private final BiFunction<JsonObject, Ids, Future<JsonObject>> afterAnalysis;
    private final boolean fingerprintOnRequest;
    private BiFunction<JsonObject, String, Future<JsonObject>> afterFaceMatch = (m, seller) -> Future.succeededFuture(m);

    /** The service's API: the photo's fingerprint never leaves it. */
    public VisionHttpApi(ImageAnalysis analysis, BiFunction<JsonObject, Ids, Future<JsonObject>> afterAnalysis) {
        this(analysis, afterAnalysis, false);
    }

    /**
     * @param fingerprintOnRequest a vision deployment's API: with {@code ?fingerprint=true} the
     *                             answer keeps the photo's fingerprint (hashes and quantised
     *                             embedding), which the service it serves indexes
     */
    public VisionHttpApi(ImageAnalysis analysis, BiFunction<JsonObject, Ids, Future<JsonObject>> afterAnalysis,
                         boolean fingerprintOnRequest) {
        this.analysis = analysis;
        this.afterAnalysis = afterAnalysis;
        this.fingerprintOnRequest = fingerprintOnRequest;
    }

    /**
     * What the service does with an identity check's answer before it is sent (hash the selfie's
     * code, record the check as events): given the answer and the seller id.
     */
    public VisionHttpApi afterFaceMatch(BiFunction<JsonObject, String, Future<JsonObject>> then) {
        this.afterFaceMatch = then;
        return this;
    }

    public void mount(Router router) {
        router.post("/analyze-image").handler(this::analyze);
        router.post("/ekyc-match").handler(this::matchFaces);
    }

    /**
     * {@code POST /ekyc-match}: multipart {@code id_photo} and {@code selfie} (files) and
     * {@code seller_id} (a form field or query parameter; the service needs it, a vision deployment
     * does not). The answer never holds the selfie's code unless a vision deployment is asked for it
     * ({@code ?code=true}).
     */
    private void matchFaces(RoutingContext ctx) {
        String type = ctx.request().getHeader("content-type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            send(ctx, 415, new JsonObject().put("error", "send multipart/form-data with the files id_photo and selfie, and seller_id"));
            return;
        }
        String queried;
        try {
            queried = single(ctx, "seller_id");
        } catch (Uploads.Refused r) {
            send(ctx, r.status(), new JsonObject().put("error", r.getMessage()));
            return;
        }
        Uploads.read(ctx.request(), 2 * (MAX_UPLOAD_BYTES + MULTIPART_SLACK), Set.of("id_photo", "selfie"))
                .compose(parts -> {
                    String seller = queried != null ? queried : formField(ctx, "seller_id");
                    if (seller == null && !fingerprintOnRequest) {
                        return Future.failedFuture(new Uploads.Refused(400, "seller_id is required (a form field or query parameter)"));
                    }
                    for (String field : java.util.List.of("id_photo", "selfie")) {
                        byte[] photo = parts.get(field);
                        if (photo == null || photo.length == 0) {
                            return Future.failedFuture(new Uploads.Refused(400, "the file field '" + field + "' is missing or empty: send id_photo and selfie"));
                        }
                        if (photo.length > MAX_UPLOAD_BYTES) {
                            return Future.failedFuture(new Uploads.Refused(413, field + " is " + photo.length + " bytes; the limit is " + MAX_UPLOAD_BYTES));
                        }
                        try {
                            FORMATS.format(photo);
                        } catch (io.mercator.vision.image.BadImage bad) {
                            return Future.failedFuture(new Uploads.Refused(bad.status(), field + ": " + bad.getMessage()));
                        }
                    }
                    return analysis.matchFaces(parts.get("id_photo"), parts.get("selfie"))
                            .compose(answer -> afterFaceMatch.apply(answer, seller));
                })
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        JsonObject body = ar.result().copy();
                        if (!(fingerprintOnRequest && "true".equals(ctx.request().getParam("code")))) {
                            body.remove(FaceJson.SELFIE_CODE);
                        }
                        send(ctx, 200, body);
                    } else {
                        fail(ctx, ar.cause(), "face matching");
                    }
                });
    }

    private static String formField(RoutingContext ctx, String name) {
        String v = ctx.request().getFormAttribute(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        v = v.strip();
        if (v.length() > 128) {
            throw new Uploads.Refused(400, name + " must be 1 to 128 characters");
        }
        return v;
    }

    private static void fail(RoutingContext ctx, Throwable cause, String what) {
        if (cause instanceof Uploads.Refused r) {
            send(ctx, r.status(), new JsonObject().put("error", r.getMessage()));
        } else if (cause instanceof ImageAnalysis.Bad bad) {
            send(ctx, bad.status(), new JsonObject().put("error", bad.getMessage()));
        } else if (cause instanceof ImageAnalysis.Down down) {
            ctx.response().putHeader("Retry-After", "5");
            send(ctx, 503, new JsonObject().put("error", what + " unavailable: " + down.getMessage()));
        } else {
            ctx.fail(cause);
        }
    }

    private void analyze(RoutingContext ctx) {
        Ids ids;
        try {
            ids = new Ids(single(ctx, "listing_id"), single(ctx, "seller_id"));
        } catch (Uploads.Refused r) {
            send(ctx, r.status(), new JsonObject().put("error", r.getMessage()));
            return;
        }
        Uploads.read(ctx.request(), MAX_UPLOAD_BYTES + MULTIPART_SLACK, Set.of("image"))
                .compose(parts -> {
                    byte[] photo = parts.containsKey("image") ? parts.get("image") : parts.getOrDefault(Uploads.RAW, new byte[0]);
                    if (photo.length > MAX_UPLOAD_BYTES) {
                        return Future.failedFuture(new Uploads.Refused(413, "the image is " + photo.length + " bytes; the limit is "
                                + MAX_UPLOAD_BYTES));
                    }
                    try {
                        // bytes that are no image are the caller's mistake, whatever state the models are in
                        FORMATS.format(photo);
                    } catch (io.mercator.vision.image.BadImage bad) {
                        return Future.failedFuture(new Uploads.Refused(bad.status(), bad.getMessage()));
                    }
                    return analysis.analyze(photo);
                })
                .compose(report -> afterAnalysis.apply(report, ids))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        JsonObject body = ar.result().copy();
                        if (!(fingerprintOnRequest && "true".equals(ctx.request().getParam("fingerprint")))) {
                            body.remove("fingerprint");
                        }
                        send(ctx, 200, body);
                    } else {
                        fail(ctx, ar.cause(), "image analysis");
                    }
                });
    }

    private static String single(RoutingContext ctx, String name) {
        java.util.List<String> all = ctx.queryParam(name);
        if (all.size() > 1) {
            throw new Uploads.Refused(400, "query parameter '" + name + "' is repeated");
        }
        if (all.isEmpty()) {
            return null;
        }
        String v = all.getFirst().strip();
        if (v.isEmpty() || v.length() > 128) {
            throw new Uploads.Refused(400, "query parameter '" + name + "' must be 1 to 128 characters");
        }
        return v;
    }

    static void send(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8").end(body.encode());
    }
}
