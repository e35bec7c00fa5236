package io.mercator.service.http;

import io.mercator.hydration.features.SellerTrust;
import io.mercator.ranking.Ranker;
import io.mercator.ranking.RankingFailure;
import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.RankingResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.UUID;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * {@code GET /feed} and {@code GET /search}: validates the parameters, asks the {@link Ranker}
 * and writes the response contract (request_id, model_version, degraded, items, explanations).
 */
public final class RankingHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RankingHandler.class);

    private final Ranker ranker;

    RankingHandler(Ranker ranker) {
        this.ranker = ranker;
    }

    void feed(RoutingContext ctx) {
        handle(ctx, false);
    }

    void search(RoutingContext ctx) {
        handle(ctx, true);
    }

    /**
     * {@code GET /admin/preview?surface=feed|search&...}: the same parameters and answer as
     * {@code /feed} or {@code /search} with {@code explain=true}, from {@link Ranker#preview}: no
     * impressions are written for a moderator looking at a buyer's feed.
     */
    public void preview(RoutingContext ctx) {
        String surface = ctx.request().getParam("surface");
        if (!"feed".equals(surface) && !"search".equals(surface)) {
            Json.error(ctx, 400, "surface must be feed or search");
            return;
        }
        boolean search = surface.equals("search");
        RankingParams p;
        try {
            // surface is the preview's own parameter, which /feed's parsing leaves alone
            p = RankingParams.parse(ctx.request().query(), search);
        } catch (RankingParams.Invalid e) {
            Json.error(ctx, 400, e.getMessage());
            return;
        }
        long now = System.currentTimeMillis();
        String requestId = "preview-" + UUID.randomUUID();
        RankingQuery q = (search
                ? RankingQuery.search(requestId, p.userId(), p.query(), p.lat(), p.lon(), p.limit(), p.device(), now)
                : RankingQuery.feed(requestId, p.userId(), p.lat(), p.lon(), p.limit(), p.device(), now))
                .withExplain(true);
        ranker.preview(q).onSuccess(r -> Json.send(ctx, 200, toJson(r))).onFailure(err -> {
            if (err instanceof RankingFailure f && f.category() == RankingFailure.Category.CLIENT) {
                Json.error(ctx, 400, f.getMessage());
            } else {
                ctx.fail(err);
            }
        });
    }

    private void handle(RoutingContext ctx, boolean search) {
        RankingParams p;
        try {
            p = RankingParams.parse(ctx.request().query(), search);
        } catch (RankingParams.Invalid e) {
            Json.error(ctx, 400, e.getMessage());
            return;
        }
        String requestId = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        RankingQuery q = (search
                ? RankingQuery.search(requestId, p.userId(), p.query(), p.lat(), p.lon(), p.limit(), p.device(), now)
                : RankingQuery.feed(requestId, p.userId(), p.lat(), p.lon(), p.limit(), p.device(), now))
                .withExplain(p.explain());
        Future<RankingResult> result = search ? ranker.search(q) : ranker.feed(q);
        result.onSuccess(r -> Json.send(ctx, 200, toJson(r))).onFailure(err -> {
            if (err instanceof RankingFailure f && f.category() == RankingFailure.Category.CLIENT) {
                Json.error(ctx, 400, f.getMessage());
            } else {
                LOG.error("ranking failed", kv("request_id", requestId), kv("error", err.toString()));
                Json.send(ctx, 500, new JsonObject().put("error", "internal error").put("request_id", requestId));
            }
        });
    }

    static JsonObject toJson(RankingResult r) {
        JsonArray items = new JsonArray();
        for (RankingResult.Item i : r.items()) {
            JsonObject item = new JsonObject()
                    .put("listing_id", i.listingId())
                    .put("title", i.title())
                    .put("price", i.price())
                    .put("seller_id", i.sellerId())
                    .put("distance_km", i.distanceKm() == null ? null : Math.round(i.distanceKm() * 10) / 10.0)
                    .put("score", i.score())
                    .put("pctr", i.pctr())
                    .put("pcvr", i.pcvr())
                    .put("sponsored", i.sponsored())
                    .put("position", i.position());
            if (i.campaignId() != null) {
                item.put("campaign_id", i.campaignId());
            }
            items.add(item);
        }
        JsonObject body = new JsonObject()
                .put("request_id", r.requestId())
                .put("model_version", r.modelVersion())
                .put("degraded", new JsonArray(r.degraded()))
                .put("items", items);
        if (!r.explanations().isEmpty()) {
            JsonArray explanations = new JsonArray();
            for (RankingResult.Explanation e : r.explanations()) {
                explanations.add(new JsonObject()
                        .put("listing_id", e.listingId())
                        .put("pctr_shap", asJson(e.pctrContributions()))
                        .put("pcvr_shap", asJson(e.pcvrContributions()))
                        .put("seller_trust", trust(e.sellerTrust())));
            }
            body.put("explanations", explanations);
        }
        return body;
    }

    private static JsonObject asJson(Map<String, Double> contributions) {
        JsonObject o = new JsonObject();
        if (contributions != null) {
            contributions.forEach(o::put);
        }
        return o;
    }

    private static JsonObject trust(SellerTrust.Breakdown b) {
        if (b == null) {
            return null;
        }
        return new JsonObject().put("base", b.base()).put("verified", b.verified()).put("account_age", b.accountAge())
                .put("orders", b.orders()).put("reports", b.reports()).put("banned", b.banned()).put("score", b.score());
    }
}
