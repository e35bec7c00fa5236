package io.mercator.nlp.service;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The text service on the event bus: analysis at {@link #ANALYZE}, reply suggestions at
 * {@link #SUGGEST}, both run on a worker pool of its own, so a slow model never takes a thread
 * from {@code /feed}. It only wires: the work is {@link TextEngine}'s. Undeployed, it stops
 * answering and callers see text analysis as down.
 */
public final class NlpVerticle extends VerticleBase {

    public static final String ANALYZE = "mercator.nlp.analyze";
    public static final String SUGGEST = "mercator.nlp.suggest";
    /** Failure codes on the bus, as HTTP statuses. */
    static final int BAD_REQUEST = 400;
    static final int UNAVAILABLE = 503;

    private final TextEngine engine;
    private final int workers;
    private WorkerExecutor pool;
    private MessageConsumer<JsonObject> analyze;
    private MessageConsumer<JsonObject> suggest;

    public NlpVerticle(TextEngine engine, int workers) {
        this.engine = engine;
        this.workers = workers;
    }

    @Override
    public Future<?> start() {
        pool = vertx.createSharedWorkerExecutor("nlp-worker", workers);
        analyze = vertx.eventBus().consumer(ANALYZE, this::analyze);
        suggest = vertx.eventBus().consumer(SUGGEST, this::suggest);
        return Future.all(analyze.completion(), suggest.completion());
    }

    @Override
    public Future<?> stop() {
        pool.close();
        return Future.succeededFuture();
    }

    private void analyze(Message<JsonObject> message) {
        pool.executeBlocking(() -> {
            TextRequests.Analyze request = TextRequests.analyze(message.body());
            JsonArray results = new JsonArray();
            engine.analyze(request.texts()).forEach(r -> results.add(TextJson.report(r)));
            return new JsonObject().put("results", results);
        }, false).onComplete(ar -> answer(message, ar));
    }

    private void suggest(Message<JsonObject> message) {
        pool.executeBlocking(() -> {
            TextRequests.Reply request = TextRequests.reply(message.body());
            return TextJson.replies(engine.suggest(request.message(), request.facts()));
        }, false).onComplete(ar -> answer(message, ar));
    }

    private static void answer(Message<JsonObject> message, io.vertx.core.AsyncResult<JsonObject> ar) {
        if (ar.succeeded()) {
            message.reply(ar.result());
        } else if (ar.cause() instanceof TextRequests.Bad bad) {
            message.fail(BAD_REQUEST, bad.getMessage());
        } else if (ar.cause() instanceof TextEngine.Unavailable u) {
            message.fail(UNAVAILABLE, u.getMessage());
        } else {
            message.fail(500, "text analysis failed: " + ar.cause().getClass().getSimpleName());
        }
    }

    static List<String> addresses() {
        return List.of(ANALYZE, SUGGEST);
    }
}
