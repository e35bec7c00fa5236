package io.mercator.service.http;

import io.mercator.events.validation.Rejection;
import io.mercator.ranking.Ranker;
import io.mercator.service.access.ClientAccess;
import io.mercator.service.admin.AdminApi;
import io.mercator.service.health.Readiness;
import io.mercator.service.intake.EventIntake;
import io.mercator.service.intake.IntakeResult;
import io.mercator.service.metrics.ServiceMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The HTTP front of Mercator. It only wires routes to the plain classes that do the work.
 *
 * <ul>
 *   <li>{@code GET /feed}, {@code GET /search}: the ranking pipelines (see {@code io.mercator.ranking.Pipelines}).</li>
 *   <li>{@code POST /analyze-text}, {@code POST /auto-reply}: text intelligence (see {@code io.mercator.nlp.service.TextHttpApi}).</li>
 *   <li>{@code POST /analyze-image}, {@code POST /ekyc-match}: image intelligence and identity checks (see
 *       {@code io.mercator.vision.service.VisionHttpApi}).</li>
 *   <li>{@code GET /health/live}: the process answers.</li>
 *   <li>{@code GET /health/ready}: 200 once the projections have caught up, else 503 and why.</li>
 *   <li>{@code GET /metrics}: Prometheus text format.</li>
 *   <li>{@code GET /openapi.json}, {@code GET /docs}: the API contract, and Swagger UI on it.</li>
 *   <li>{@code GET /console}: the operations console (it calls the admin API with the key signed in with).</li>
 *   <li>{@code /admin/...}: the model registry and canary, behind API keys (see {@code AdminApi}).</li>
 *   <li>{@code POST /events}: a JSON batch; 202 with the accepted count, or 400 with a reason per
 *       bad event, or 503 with Retry-After when the log is down.</li>
 * </ul>
 */
public final class HttpVerticle extends VerticleBase {

    /** Largest request body: a full batch of large events fits. */
    public static final long MAX_BODY_BYTES = 16L * 1024 * 1024;

    private final String host;
    private final int port;
    private final EventIntake intake;
    private final RankingHandler ranking;
    private final Readiness readiness;
    private final ServiceMetrics metrics;
    private final PrometheusMeterRegistry registry;
    private final AdminApi admin;
    private final ClientAccess clients;
    private final java.util.function.Consumer<Router> textRoutes;
    private final StaticPages pages = new StaticPages();
    private HttpServer server;
    private Router router;
    private Router adminRouter;

    /**
     * @param admin   the admin API ({@code /admin/...}, behind admin keys); null for none
     * @param clients client keys and rate limits on the public endpoints; null for none
     * @param textRoutes mounts {@code /analyze-text}, {@code /auto-reply} and {@code /analyze-image}; null for none
     */
    public HttpVerticle(String host, int port, EventIntake intake, Ranker ranker, Readiness readiness,
                        ServiceMetrics metrics, PrometheusMeterRegistry registry, AdminApi admin,
                        ClientAccess clients, java.util.function.Consumer<Router> textRoutes) {
        this.textRoutes = textRoutes;
        this.admin = admin;
        this.clients = clients;
        this.host = host;
        this.port = port;
        this.intake = intake;
        this.ranking = new RankingHandler(ranker);
        this.readiness = readiness;
        this.metrics = metrics;
        this.registry = registry;
    }

    @Override
    public Future<?> start() {
        router = Router.router(vertx);
        router.route().handler(new AccessLog());
        router.get("/health/live").handler(ctx -> Json.send(ctx, 200, new JsonObject().put("status", "live")));
        router.get("/health/ready").handler(this::ready);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                .end(registry.scrape()));
        if (clients != null && clients.checksAnything()) {
            // the public endpoints: a client key when any is configured, and rate limits
            for (String path : java.util.List.of("/feed", "/search", "/events", "/analyze-text", "/auto-reply", "/analyze-image",
                    "/ekyc-match")) {
                router.route(path).handler(clients);
            }
        }
        pages.mount(router);
        router.get("/feed").handler(ranking::feed);
        router.get("/search").handler(ranking::search);
        if (textRoutes != null) {
            textRoutes.accept(router);
        }
        if (admin != null) {
            adminRouter = admin.router(vertx, ranking::preview);
            router.route("/admin/*").subRouter(adminRouter);
        }
        router.post("/events").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES)).handler(this::events);
        router.route().last().handler(ctx -> Json.error(ctx, 404, "no route for " + ctx.request().method()
                + " " + ctx.request().path()));
        router.errorHandler(413, ctx -> Json.error(ctx, 413, "request body larger than " + MAX_BODY_BYTES + " bytes"));
        router.errorHandler(405, ctx -> Json.error(ctx, 405, "method not allowed"));
        router.errorHandler(400, ctx -> Json.error(ctx, 400, "bad request"));
        router.errorHandler(500, ctx -> Json.error(ctx, 500, "internal error"));
        return vertx.createHttpServer().requestHandler(router).invalidRequestHandler(InvalidRequests::answer)
                .listen(port, host).onSuccess(s -> server = s);
    }

    /**
     * Every API route, as {@code "GET /admin/models/{version}/promote"}: the routes with methods,
     * path parameters written as in OpenAPI; the static files under {@code /console/} and
     * {@code /webjars/} are files, not API, and are left out.
     */
    public java.util.List<String> routes() {
        java.util.List<String> out = new java.util.ArrayList<>();
        collect(router, "", out);
        if (adminRouter != null) {
            collect(adminRouter, "/admin", out);
        }
        return out;
    }

    private static void collect(Router r, String prefix, java.util.List<String> out) {
        for (io.vertx.ext.web.Route route : r.getRoutes()) {
            String path = route.getPath();
            if (path == null || route.methods() == null || route.methods().isEmpty() || path.endsWith("/")
                    || path.endsWith("*")) {
                continue;
            }
            String template = prefix + path.replaceAll(":([A-Za-z_]+)", "{$1}");
            route.methods().forEach(m -> out.add(m.name() + " " + template));
        }
    }

    /** The port actually bound (useful when started on port 0). */
    public int actualPort() {
        return server.actualPort();
    }

    private void ready(RoutingContext ctx) {
        readiness.check().onComplete(ar -> {
            if (ar.failed()) {
                Json.send(ctx, 503, new JsonObject().put("status", "not ready").put("reason", "log unavailable"));
                return;
            }
            Readiness.Report r = ar.result();
            JsonObject lag = new JsonObject();
            r.lag().forEach(lag::put);
            Json.send(ctx, r.ready() ? 200 : 503, new JsonObject()
                    .put("status", r.ready() ? "ready" : "not ready").put("reason", r.reason()).put("lag", lag));
        });
    }

    private void events(RoutingContext ctx) {
        String type = ctx.request().getHeader("content-type");
        if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            Json.error(ctx, 415, "content-type must be application/json");
            return;
        }
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        // parsing and validating a 10k batch takes milliseconds: keep it off the event loop
        vertx.executeBlocking(() -> intake.check(body), false)
                .compose(checked -> checked.isValid()
                        ? intake.append(checked.events())
                        : Future.succeededFuture(checked.refusal()))
                .onSuccess(result -> answer(ctx, result))
                .onFailure(ctx::fail);
    }

    private void answer(RoutingContext ctx, IntakeResult result) {
        metrics.record(result);
        switch (result) {
            case IntakeResult.Accepted a -> Json.send(ctx, 202, new JsonObject().put("accepted", a.count()));
            case IntakeResult.Malformed m -> Json.error(ctx, 400, m.reason());
            case IntakeResult.Rejected r -> {
                JsonArray rejected = new JsonArray();
                for (Rejection x : r.rejections()) {
                    rejected.add(new JsonObject().put("index", x.index()).put("id", x.eventId()).put("reason", x.reason()));
                }
                Json.send(ctx, 400, new JsonObject()
                        .put("error", r.rejections().size() + " event(s) rejected; nothing was appended")
                        .put("rejected", rejected));
            }
            case IntakeResult.Unavailable u -> {
                ctx.response().putHeader("Retry-After", "5");
                Json.error(ctx, 503, "event log unavailable, retry the whole batch later");
            }
        }
    }
}
