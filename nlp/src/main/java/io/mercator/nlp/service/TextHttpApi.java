package io.mercator.nlp.service;

import io.mercator.nlp.reply.ListingFacts;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.function.Function;

/**
 * {@code POST /analyze-text} and {@code POST /auto-reply} on a router: the service mounts them on its
 * front, and a separate nlp deployment on its own.
 *
 * <ul>
 *   <li>{@code /analyze-text}: {@code {"text", "context", "listing_id"}} answers one report;
 *       {@code {"items": [...]}} (up to 100) answers {@code {"results": [...]}}.</li>
 *   <li>{@code /auto-reply}: {@code {"message", "listing_id"}} answers the intent and three
 *       suggestions with the listing's facts from the catalog.</li>
 *   <li>400 with the reason for a bad body, 413 past the size limit, 503 with the reason (and
 *       {@code Retry-After}) when text analysis cannot answer: no model, or the service down.</li>
 * </ul>
 */
public final class TextHttpApi {

    private final TextAnalysis analysis;
    private final Function<String, ListingFacts> catalog;

    /**
     * @param catalog a listing's facts by id (null when unknown); null on a separate nlp
     *                deployment, which takes the facts its caller sends in {@code "listing"}
     */
    public TextHttpApi(TextAnalysis analysis, Function<String, ListingFacts> catalog) {
        this.analysis = analysis;
        this.catalog = catalog;
    }

    public void mount(Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(TextRequests.MAX_BODY_BYTES);
        router.post("/analyze-text").handler(body).handler(this::analyze);
        router.post("/auto-reply").handler(body).handler(this::reply);
    }

    /** Bodies up to this size are read on the event loop; larger ones (up to 100 long texts) on a worker. */
    static final int PARSE_INLINE_BYTES = 64 * 1024;

    private void analyze(RoutingContext ctx) {
        io.vertx.core.buffer.Buffer body = ctx.body().buffer();
        Future<TextRequests.Analyze> parsed;
        if (body == null || body.length() <= PARSE_INLINE_BYTES) {
            try {
                parsed = Future.succeededFuture(TextRequests.analyze(body));
            } catch (TextRequests.Bad bad) {
                parsed = Future.failedFuture(bad);
            }
        } else {
            parsed = ctx.vertx().executeBlocking(() -> TextRequests.analyze(body), false);
        }
        parsed.compose(request -> analysis.analyze(request.texts()).map(reports -> {
                    if (!request.batch()) {
                        return TextJson.report(reports.get(0));
                    }
                    JsonArray results = new JsonArray();
                    reports.forEach(r -> results.add(TextJson.report(r)));
                    return new JsonObject().put("results", results);
                }))
                .onComplete(ar -> answer(ctx, ar));
    }

    private void reply(RoutingContext ctx) {
        Future<TextRequests.Reply> parsed;
        try {
            parsed = Future.succeededFuture(TextRequests.reply(ctx.body().buffer()));
        } catch (TextRequests.Bad bad) {
            parsed = Future.failedFuture(bad);
        }
        parsed.compose(request -> {
            ListingFacts facts = catalog == null ? request.facts()
                    : request.listingId() == null ? null : catalog.apply(request.listingId());
            return analysis.suggest(request.message(), request.listingId(), facts).map(TextJson::replies);
        }).onComplete(ar -> answer(ctx, ar));
    }

    private static void answer(RoutingContext ctx, io.vertx.core.AsyncResult<JsonObject> ar) {
        if (ar.succeeded()) {
            send(ctx, 200, ar.result());
        } else if (ar.cause() instanceof TextRequests.Bad bad) {
            send(ctx, 400, new JsonObject().put("error", bad.getMessage()));
        } else if (ar.cause() instanceof TextAnalysis.Down down) {
            ctx.response().putHeader("Retry-After", "5");
            send(ctx, 503, new JsonObject().put("error", "text analysis unavailable: " + down.getMessage()));
        } else {
            ctx.fail(ar.cause());
        }
    }

    private static void send(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8").end(body.encode());
    }
}
