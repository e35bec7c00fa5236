package io.mercator.nlp.service;

import io.mercator.nlp.TextInput;
import io.mercator.nlp.TextReport;
import io.mercator.nlp.reply.AutoReply;
import io.mercator.nlp.reply.ListingFacts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URI;
import java.util.List;

/** A separate nlp deployment ({@code mercator nlp}), over its HTTP API. */
public final class HttpTextAnalysis implements TextAnalysis, AutoCloseable {

    private final WebClient client;
    private final URI base;
    private final long timeoutMs;

    /** @param baseUrl where the nlp deployment listens, e.g. {@code http://nlp:8081} */
    public HttpTextAnalysis(Vertx vertx, String baseUrl, long timeoutMs) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        this.timeoutMs = timeoutMs;
        this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs)));
    }

    @Override
    public Future<List<TextReport>> analyze(List<TextInput> texts) {
        return post("/analyze-text", TextJson.inputs(texts)).map(TextJson::reports);
    }

    @Override
    public Future<AutoReply.Replies> suggest(String message, String listingId, ListingFacts facts) {
        return post("/auto-reply", TextJson.replyRequest(message, listingId, facts)).map(TextJson::replies);
    }

    private Future<JsonObject> post(String path, JsonObject body) {
        int port = base.getPort() > 0 ? base.getPort() : ("https".equals(base.getScheme()) ? 443 : 80);
        return client.post(port, base.getHost(), base.getPath() + path).ssl("https".equals(base.getScheme()))
                .timeout(timeoutMs).sendJsonObject(body)
                .recover(err -> Future.failedFuture(new Down("the text service at " + base + " cannot be reached: " + err.getMessage())))
                .compose(this::answer);
    }

    private Future<JsonObject> answer(HttpResponse<io.vertx.core.buffer.Buffer> response) {
        JsonObject body;
        try {
            body = response.bodyAsJsonObject();
        } catch (RuntimeException e) {
            body = new JsonObject();
        }
        String error = body == null ? null : body.getString("error");
        return switch (response.statusCode()) {
            case 200 -> Future.succeededFuture(body);
            case 400, 413 -> Future.failedFuture(new TextRequests.Bad(error == null ? "bad request" : error));
            default -> Future.failedFuture(new Down("the text service answered " + response.statusCode()
                    + (error == null ? "" : ": " + error)));
        };
    }

    @Override
    public void close() {
        client.close();
    }
}
