package io.mercator.nlp.service;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.function.Supplier;

/**
 * The text service on the event bus: analysis at {@link #ANALYZE}, reply suggestions at
 * {@link #SUGGEST}. Deployed by {@link #deploy} as a worker verticle, one instance per thread of a
 * worker pool of its own ({@value #POOL}), so a slow model never takes a thread from {@code /feed};
 * the bus hands a request straight to one of those threads, which analyses it and replies: a call
 * crosses threads twice, there and back. (Consumed on an event loop and handed to the pool from
 * there, it crossed four times, and at low load each crossing was a thread to wake: about half of
 * a one-text call's time.) It only wires: the work is {@link TextEngine}'s. Undeployed, it stops
 * answering and callers see text analysis as down.
 */
public final class NlpVerticle extends VerticleBase {

    public static final String ANALYZE = "mercator.nlp.analyze";
    public static final String SUGGEST = "mercator.nlp.suggest";
    /** The worker pool the instances run on. */
    public static final String POOL = "nlp-worker";
    /** Failure codes on the bus, as HTTP statuses. */
    static final int BAD_REQUEST = 400;
    static final int UNAVAILABLE = 503;

    private final TextEngine engine;

    private NlpVerticle(TextEngine engine) {
        this.engine = engine;
    }

    /** Deploys {@code workers} instances on a pool of {@code workers} threads; completes with the deployment id. */
    public static Future<String> deploy(Vertx vertx, TextEngine engine, int workers) {
        return vertx.deployVerticle(() -> new NlpVerticle(engine), new DeploymentOptions()
                .setThreadingModel(ThreadingModel.WORKER).setInstances(workers)
                .setWorkerPoolName(POOL).setWorkerPoolSize(workers));
    }

    @Override
    public Future<?> start() {
        MessageConsumer<JsonObject> analyze = vertx.eventBus().consumer(ANALYZE, this::analyze);
        MessageConsumer<JsonObject> suggest = vertx.eventBus().consumer(SUGGEST, this::suggest);
        return Future.all(analyze.completion(), suggest.completion());
    }

    private void analyze(Message<JsonObject> message) {
        answer(message, () -> {
            TextRequests.Analyze request = TextRequests.analyze(message.body());
            JsonArray results = new JsonArray();
            engine.analyze(request.texts()).forEach(r -> results.add(TextJson.report(r)));
            return new JsonObject().put("results", results);
        });
    }

    private void suggest(Message<JsonObject> message) {
        answer(message, () -> {
            TextRequests.Reply request = TextRequests.reply(message.body());
            return TextJson.replies(engine.suggest(request.message(), request.facts()));
        });
    }

    private static void answer(Message<JsonObject> message, Supplier<JsonObject> work) {
        try {
            message.reply(work.get());
        } catch (TextRequests.Bad bad) {
            message.fail(BAD_REQUEST, bad.getMessage());
        } catch (TextEngine.Unavailable u) {
            message.fail(UNAVAILABLE, u.getMessage());
        } catch (RuntimeException e) {
            message.fail(500, "text analysis failed: " + e.getClass().getSimpleName());
        }
    }
}
