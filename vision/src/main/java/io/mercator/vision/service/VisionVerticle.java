package io.mercator.vision.service;

import io.mercator.vision.ImageReport;
import io.mercator.vision.image.BadImage;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * The image service on the event bus: a photo's bytes in at {@link #ANALYZE}, its report out, on a
 * worker pool of its own so that a forward pass never takes a thread from {@code /feed}. It only
 * wires: the work is {@link VisionEngine}'s. Failures travel as HTTP statuses: 400/413/415 bad
 * input, 503 no model.
 */
public final class VisionVerticle extends VerticleBase {

    public static final String ANALYZE = "mercator.vision.analyze";

    private final VisionEngine engine;
    private final int workers;
    private WorkerExecutor pool;
    private MessageConsumer<Buffer> analyze;

    public VisionVerticle(VisionEngine engine, int workers) {
        this.engine = engine;
        this.workers = workers;
    }

    @Override
    public Future<?> start() {
        pool = vertx.createSharedWorkerExecutor("vision-worker", workers);
        analyze = vertx.eventBus().consumer(ANALYZE, this::analyze);
        return analyze.completion();
    }

    @Override
    public Future<?> stop() {
        pool.close();
        return Future.succeededFuture();
    }

    private void analyze(Message<Buffer> message) {
        pool.executeBlocking(() -> {
            ImageReport r = engine.analyze(message.body().getBytes());
            return ImageJson.report(r).put("fingerprint", ImageJson.fingerprint(r.fingerprint()));
        }, false).onComplete(ar -> {
            if (ar.succeeded()) {
                message.reply(ar.result());
            } else if (ar.cause() instanceof BadImage bad) {
                message.fail(bad.status(), bad.getMessage());
            } else if (ar.cause() instanceof VisionEngine.Unavailable u) {
                message.fail(503, u.getMessage());
            } else {
                message.fail(500, "image analysis failed: " + ar.cause().getClass().getSimpleName());
            }
        });
    }
}
