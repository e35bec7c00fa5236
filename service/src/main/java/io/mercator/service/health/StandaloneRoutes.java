package io.mercator.service.health;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What every separate deployment of an intelligence service answers besides its API
 * ({@code mercator nlp}, {@code mercator vision}): {@code /health/live}, {@code /health/ready}
 * (ready once its model is loaded, with the model's version) and {@code /metrics}.
 */
public final class StandaloneRoutes {

    private StandaloneRoutes() {
    }

    public static void mount(Router router, BooleanSupplier ready, Supplier<String> modelVersion, PrometheusMeterRegistry meters) {
        router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "live")));
        router.get("/health/ready").handler(ctx -> {
            boolean up = ready.getAsBoolean();
            json(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "ready" : "not ready")
                    .put("model_version", modelVersion.get()));
        });
        router.get("/metrics").handler(ctx -> ctx.response().putHeader("content-type", "text/plain; version=0.0.4")
                .end(meters.scrape()));
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }
}
