package io.mercator.vision.service;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;
import java.util.function.BiFunction;

/**
 * {@code POST /analyze-image}: the photo as the body ({@code image/jpeg}, {@code image/png},
 * {@code image/webp}) or as the {@code image} field of a multipart form, with optional
 * {@code listing_id} and {@code seller_id}. Read into memory, never onto disk. 400/413/415 with the
 * reason for bad input; 503 with the reason when image analysis cannot answer.
 *
 * <p>{@code afterAnalysis} lets the service add what only it holds (near-duplicates from its index)
 * and record the analysis as an event; a separate vision deployment passes the report through.
 */
public final class VisionHttpApi {

    public static final int MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
    /** Multipart framing around a photo at the limit. */
    private static final int MULTIPART_SLACK = 16 * 1024;

    /** The request's ids, as given. */
    public record Ids(String listingId, String sellerId) {
    }

    private final ImageAnalysis analysis;
    private final BiFunction<JsonObject, Ids, Future<JsonObject>> afterAnalysis;
    private final boolean fingerprintOnRequest;

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

    public void mount(Router router) {
        router.post("/analyze-image").handler(this::analyze);
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
                    } else if (ar.cause() instanceof Uploads.Refused r) {
                        send(ctx, r.status(), new JsonObject().put("error", r.getMessage()));
                    } else if (ar.cause() instanceof ImageAnalysis.Bad bad) {
                        send(ctx, bad.status(), new JsonObject().put("error", bad.getMessage()));
                    } else if (ar.cause() instanceof ImageAnalysis.Down down) {
                        ctx.response().putHeader("Retry-After", "5");
                        send(ctx, 503, new JsonObject().put("error", "image analysis unavailable: " + down.getMessage()));
                    } else {
                        ctx.fail(ar.cause());
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
