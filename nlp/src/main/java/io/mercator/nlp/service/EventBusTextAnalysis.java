package io.mercator.nlp.service;

import io.mercator.nlp.TextInput;
import io.mercator.nlp.TextReport;
import io.mercator.nlp.reply.AutoReply;
import io.mercator.nlp.reply.ListingFacts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** The nlp verticle of this process, over the event bus. */
public final class EventBusTextAnalysis implements TextAnalysis {

    private final Vertx vertx;
    private final DeliveryOptions options;

    /** @param timeoutMs how long a request may wait for its answer before it fails as {@link Down} */
    public EventBusTextAnalysis(Vertx vertx, long timeoutMs) {
        this.vertx = vertx;
        this.options = new DeliveryOptions().setSendTimeout(timeoutMs);
    }

    @Override
    public Future<List<TextReport>> analyze(List<TextInput> texts) {
        return request(NlpVerticle.ANALYZE, TextJson.inputs(texts)).map(TextJson::reports);
    }

    @Override
    public Future<AutoReply.Replies> suggest(String message, String listingId, ListingFacts facts) {
        return request(NlpVerticle.SUGGEST, TextJson.replyRequest(message, listingId, facts)).map(TextJson::replies);
    }

    private Future<JsonObject> request(String address, JsonObject body) {
        return vertx.eventBus().<JsonObject>request(address, body, options).map(m -> m.body()).recover(err -> {
            if (err instanceof ReplyException re) {
                return switch (re.failureType()) {
                    case RECIPIENT_FAILURE -> Future.failedFuture(re.failureCode() == NlpVerticle.BAD_REQUEST
                            ? new TextRequests.Bad(re.getMessage()) : new Down(re.getMessage()));
                    case NO_HANDLERS -> Future.failedFuture(new Down("the text service is not running"));
                    case TIMEOUT -> Future.failedFuture(new Down("the text service did not answer in time"));
                    default -> Future.failedFuture(new Down(re.getMessage()));
                };
            }
            return Future.failedFuture(new Down(err.toString()));
        });
    }
}
