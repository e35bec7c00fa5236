package io.mercator.service.http;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * Answers the requests the HTTP decoder could not read, before any route sees them, in the same
 * {@code {"error": message}} JSON as every other error: an over-long request line 414, over-large
 * headers 431, anything else the decoder rejects 400. The connection is closed after the answer:
 * what follows a broken request cannot be trusted to start a new one.
 */
public final class InvalidRequests {

    private InvalidRequests() {
    }

    public static void answer(HttpServerRequest request) {
        DecoderResult result = request.decoderResult();
        Throwable cause = result == null ? null : result.cause();
        int status;
        String message;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            message = "the request line (method, path and query) is too long: at most 4096 bytes";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            message = "the request headers are too large: at most 8192 bytes";
        } else {
            status = 400;
            message = "malformed HTTP request";
        }
        request.response().setStatusCode(status)
                .putHeader("content-type", "application/json; charset=utf-8")
                .putHeader("connection", "close")
                .end(new JsonObject().put("error", message).toBuffer());
    }
}
