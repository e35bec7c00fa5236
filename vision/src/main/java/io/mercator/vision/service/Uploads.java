package io.mercator.vision.service;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads an upload into memory, never onto disk (Vert.x's body handler writes multipart files to a
 * folder): the raw body, or the named file fields of a {@code multipart/form-data} body. Reading
 * stops, and the request fails with 413, as soon as more than {@code limit} bytes have come.
 */
public final class Uploads {

    /** A request that cannot be read as asked, with its status. */
    public static final class Refused extends RuntimeException {
        private final int status;

        public Refused(int status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public static final String RAW = "";

    private Uploads() {
    }

    /**
     * The parts by field name ({@link #RAW} for a plain body). Multipart fields other than
     * {@code fields} fail the request with 400, naming what was expected.
     */
    public static Future<Map<String, byte[]>> read(HttpServerRequest request, int limit, Set<String> fields) {
        Promise<Map<String, byte[]>> done = Promise.promise();
        String length = request.getHeader("content-length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > limit) {
                    return Future.failedFuture(new Refused(413, "the upload is " + length.strip() + " bytes; the limit is " + limit));
                }
            } catch (NumberFormatException e) {
                return Future.failedFuture(new Refused(400, "content-length is not a number"));
            }
        }
        String type = request.getHeader("content-type");
        Map<String, Buffer> parts = new HashMap<>();
        long[] total = {0};
        boolean multipart = type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data");
        if (multipart) {
            request.setExpectMultipart(true);
            request.uploadHandler(upload -> {
                if (!fields.contains(upload.name())) {
                    done.tryFail(new Refused(400, "unexpected file field '" + upload.name() + "': send " + String.join(" and ", fields)));
                    return;
                }
                Buffer part = Buffer.buffer();
                parts.put(upload.name(), part);
                upload.handler(chunk -> {
                    total[0] += chunk.length();
                    if (total[0] > limit) {
                        done.tryFail(new Refused(413, "the upload is over the limit of " + limit + " bytes"));
                    } else {
                        part.appendBuffer(chunk);
                    }
                });
            });
        } else {
            Buffer body = Buffer.buffer();
            parts.put(RAW, body);
            request.handler(chunk -> {
                total[0] += chunk.length();
                if (total[0] > limit) {
                    done.tryFail(new Refused(413, "the upload is over the limit of " + limit + " bytes"));
                } else {
                    body.appendBuffer(chunk);
                }
            });
        }
        request.exceptionHandler(e -> done.tryFail(new Refused(400, "the upload could not be read: " + e.getClass().getSimpleName())));
        request.endHandler(v -> {
            Map<String, byte[]> out = new HashMap<>();
            parts.forEach((k, b) -> out.put(k, b.getBytes()));
            if (multipart && out.isEmpty()) {
                done.tryFail(new Refused(400, "the multipart body has no file field: send " + String.join(" and ", fields)));
            } else {
                done.tryComplete(out);
            }
        });
        return done.future();
    }
}
