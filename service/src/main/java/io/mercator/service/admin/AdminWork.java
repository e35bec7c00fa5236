package io.mercator.service.admin;

import io.mercator.release.ReleaseEvents;
import io.mercator.release.ReleaseUnavailable;
import io.mercator.release.UnknownVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.Callable;

/**
 * How admin routes run work that blocks (the registry's files, LightGBM, loading a model, the
 * log's acknowledgement) and answer what it throws: on a worker, then a refused state change is
 * 409, an unknown version 404, other bad input 400, and a change that could not be recorded or
 * whose controls cannot be reached 503 with {@code Retry-After}.
 */
final class AdminWork {

    private AdminWork() {
    }

    /** An answer: status and JSON body. */
    record Answer(int status, JsonObject body) {
    }

    static Answer ok(JsonObject body) {
        return new Answer(200, body);
    }

    /** Runs {@code work} on a worker and answers its result, or what it threw. */
    static void blocking(RoutingContext ctx, Callable<Answer> work) {
        ctx.vertx().executeBlocking(work, false).onComplete(ar -> {
            Answer a;
            if (ar.succeeded()) {
                a = ar.result();
            } else if (ar.cause() instanceof IllegalStateException e) {
                a = new Answer(e.getMessage() != null && e.getMessage().contains("is not registered") ? 404 : 409,
                        error(e));
            } else if (ar.cause() instanceof UnknownVersion e) {
                a = new Answer(404, error(e));
            } else if (ar.cause() instanceof IllegalArgumentException e) {
                // an unknown version is a missing resource; anything else the caller sent is malformed
                a = new Answer(e.getMessage() != null && e.getMessage().startsWith("no ") && e.getMessage().contains(" version ")
                        ? 404 : 400, error(e));
            } else if (ar.cause() instanceof ReleaseEvents.ReleaseNotRecorded || ar.cause() instanceof ReleaseUnavailable) {
                a = new Answer(503, error(ar.cause()));
            } else {
                ctx.fail(ar.cause());
                return;
            }
            if (a.status() == 503) {
                ctx.response().putHeader("Retry-After", "5");
            }
            ctx.response().setStatusCode(a.status()).putHeader("content-type", "application/json; charset=utf-8")
                    .end(a.body().encode());
        });
    }

    private static JsonObject error(Throwable e) {
        return new JsonObject().put("error", e.getMessage());
    }

    /** The {@code reason} of a JSON body, or {@code otherwise}. */
    static String reason(RoutingContext ctx, String otherwise) {
        try {
            JsonObject body = ctx.body().asJsonObject();
            String reason = body == null ? null : body.getString("reason");
            return reason == null || reason.isBlank() ? otherwise : reason;
        } catch (RuntimeException notJson) {
            return otherwise;
        }
    }
}
