package io.mercator.service.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * One structured log line per request. It logs the route pattern, never the query string or body:
 * those carry user ids, locations and search text, which are personal data.
 */
final class AccessLog implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger("mercator.access");

    @Override
    public void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addHeadersEndHandler(v -> {
            String route = ctx.currentRoute() != null && ctx.currentRoute().getPath() != null
                    ? ctx.currentRoute().getPath() : "unmatched";
            int status = ctx.response().getStatusCode();
            double ms = (System.nanoTime() - start) / 1e6;
            if (status >= 500) {
                LOG.warn("request", kv("method", ctx.request().method().name()), kv("route", route),
                        kv("status", status), kv("ms", Math.round(ms * 100) / 100.0));
            } else if (LOG.isDebugEnabled() || !route.startsWith("/health") && !route.equals("/metrics")) {
                LOG.info("request", kv("method", ctx.request().method().name()), kv("route", route),
                        kv("status", status), kv("ms", Math.round(ms * 100) / 100.0));
            }
        });
        ctx.next();
    }
}
