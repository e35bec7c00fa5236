package io.mercator.vision.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/** {@link ImageAnalysis} in-process: the vision verticle on the event bus, with a timeout. */
public final class EventBusImageAnalysis implements ImageAnalysis {

    private final Vertx vertx;
    private final DeliveryOptions options;

    public EventBusImageAnalysis(Vertx vertx, long timeoutMs) {
        this.vertx = vertx;
        this.options = new DeliveryOptions().setSendTimeout(timeoutMs);
    }

    @Override
    public Future<JsonObject> analyze(byte[] photo) {
        return vertx.eventBus().<JsonObject>request(VisionVerticle.ANALYZE, Buffer.buffer(photo), options)
                .map(m -> m.body())
                .recover(e -> Future.failedFuture(translate(e)));
    }

    @Override
    public Future<JsonObject> matchFaces(byte[] idPhoto, byte[] selfie) {
        return vertx.eventBus().<JsonObject>request(VisionVerticle.MATCH_FACES, VisionVerticle.twoPhotos(idPhoto, selfie), options)
                .map(m -> m.body())
                .recover(e -> Future.failedFuture(translate(e)));
    }

    static RuntimeException translate(Throwable e) {
        if (e instanceof ReplyException r) {
            if (r.failureType() == ReplyFailure.RECIPIENT_FAILURE && r.failureCode() >= 400 && r.failureCode() < 500) {
                return new Bad(r.failureCode(), r.getMessage());
            }
            return new Down(switch (r.failureType()) {
                case TIMEOUT -> "image analysis timed out";
                case NO_HANDLERS -> "image analysis is not running";
                default -> r.getMessage();
            });
        }
        return new Down(e.getClass().getSimpleName());
    }
}
