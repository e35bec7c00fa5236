package io.mercator.vision.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;

import java.net.URI;

/**
 * {@link ImageAnalysis} over HTTP: a separate vision deployment ({@code mercator vision}), asked for
 * the report with the photo's fingerprint ({@code ?fingerprint=true}), which only that deployment's
 * API gives out: the service needs it for its near-duplicate index; and for identity checks, with the
 * selfie's quantised embedding ({@code ?code=true}), which the service hashes with its salt. Photos
 * travel in memory.
 */
public final class HttpImageAnalysis implements ImageAnalysis, AutoCloseable {

    private final WebClient client;
    private final URI base;
    private final long timeoutMs;

    /** @param baseUrl where the vision deployment listens, e.g. {@code http://mercator-vision:8082} */
    public HttpImageAnalysis(Vertx vertx, String baseUrl, long timeoutMs) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        this.timeoutMs = timeoutMs;
        this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs)));
    }

    @Override
    public Future<JsonObject> analyze(byte[] photo) {
        int port = base.getPort() > 0 ? base.getPort() : ("https".equals(base.getScheme()) ? 443 : 80);
        return client.post(port, base.getHost(), base.getPath() + "/analyze-image?fingerprint=true")
                .ssl("https".equals(base.getScheme())).timeout(timeoutMs)
                .putHeader("content-type", "application/octet-stream")
                .sendBuffer(Buffer.buffer(photo))
                .recover(err -> Future.failedFuture(new Down("the image service at " + base + " cannot be reached: "
                        + err.getMessage())))
                .compose(this::answer);
    }

    @Override
    public Future<JsonObject> matchFaces(byte[] idPhoto, byte[] selfie) {
        int port = base.getPort() > 0 ? base.getPort() : ("https".equals(base.getScheme()) ? 443 : 80);
        MultipartForm form = MultipartForm.create()
                .binaryFileUpload("id_photo", "id_photo", Buffer.buffer(idPhoto), "application/octet-stream")
                .binaryFileUpload("selfie", "selfie", Buffer.buffer(selfie), "application/octet-stream");
        return client.post(port, base.getHost(), base.getPath() + "/ekyc-match?code=true")
                .ssl("https".equals(base.getScheme())).timeout(timeoutMs)
                .sendMultipartForm(form)
                .recover(err -> Future.failedFuture(new Down("the image service at " + base + " cannot be reached: "
                        + err.getMessage())))
                .compose(r -> answer(r, "decision"));
    }

    private Future<JsonObject> answer(HttpResponse<Buffer> response) {
        return answer(response, "fingerprint");
    }

    /** The body when it is a 200 holding {@code required}; else Bad for the caller's 4xx, Down for the rest. */
    private Future<JsonObject> answer(HttpResponse<Buffer> response, String required) {
        JsonObject body;
        try {
            body = response.bodyAsJsonObject();
        } catch (RuntimeException e) {
            body = null;
        }
        String error = body == null ? null : body.getString("error");
        int status = response.statusCode();
        if (status == 200 && body != null && body.getValue(required) != null) {
            return Future.succeededFuture(body);
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            return Future.failedFuture(new Bad(status, error == null ? "bad image" : error));
        }
        return Future.failedFuture(new Down("the image service answered " + status
                + (status == 200 ? " without " + required : error == null ? "" : ": " + error)));
    }

    @Override
    public void close() {
        client.close();
    }
}
