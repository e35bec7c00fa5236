package io.mercator.vision.service;

import io.mercator.vision.ImageReport;
import io.mercator.vision.image.BadImage;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * The image service on the event bus: a photo's bytes in at {@link #ANALYZE}, its report out.
 * Deployed by {@link #deploy} as a worker verticle, one instance per thread of a worker pool of its
 * own ({@value #POOL}), so that a forward pass never takes a thread from {@code /feed}; the bus
 * hands a photo straight to one of those threads (as the text service does). It only wires: the
 * work is {@link VisionEngine}'s. Failures travel as HTTP statuses: 400/413/415 bad input, 503 no
 * model.
 */
public final class VisionVerticle extends VerticleBase {

    public static final String ANALYZE = "mercator.vision.analyze";
    /** An identity check: the ID photo's length (4 bytes, big-endian), the ID photo, the selfie. */
    public static final String MATCH_FACES = "mercator.vision.match-faces";
    /** The worker pool the instances run on. */
    public static final String POOL = "vision-worker";

    private final VisionEngine engine;
    private final int niceness;

    private VisionVerticle(VisionEngine engine, int niceness) {
        this.engine = engine;
        this.niceness = niceness;
    }

    /**
     * Deploys {@code workers} instances on a pool of {@code workers} threads, which run at the nice
     * value {@code niceness} ({@link WorkerPriority}; 0: normal priority); completes with the deployment id.
     */
    public static Future<String> deploy(Vertx vertx, VisionEngine engine, int workers, int niceness) {
        return vertx.deployVerticle(() -> new VisionVerticle(engine, niceness), new DeploymentOptions()
                .setThreadingModel(ThreadingModel.WORKER).setInstances(workers)
                .setWorkerPoolName(POOL).setWorkerPoolSize(workers));
    }

    @Override
    public Future<?> start() {
        MessageConsumer<Buffer> analyze = vertx.eventBus().consumer(ANALYZE, this::analyze);
        MessageConsumer<Buffer> faces = vertx.eventBus().consumer(MATCH_FACES, this::matchFaces);
        return Future.all(analyze.completion(), faces.completion());
    }

    /** The two photos of an identity check in one message. */
    public static Buffer twoPhotos(byte[] idPhoto, byte[] selfie) {
        return Buffer.buffer(4 + idPhoto.length + selfie.length).appendInt(idPhoto.length).appendBytes(idPhoto).appendBytes(selfie);
    }

    private void matchFaces(Message<Buffer> message) {
        WorkerPriority.lower(niceness);
        try {
            Buffer b = message.body();
            int idLength = b.getInt(0);
            byte[] id = b.getBytes(4, 4 + idLength);
            byte[] selfie = b.getBytes(4 + idLength, b.length());
            message.reply(FaceJson.match(engine.matchFaces(id, selfie)));
        } catch (io.mercator.vision.face.FaceMatcher.BadPhoto bad) {
            message.fail(bad.status(), bad.getMessage());
        } catch (VisionEngine.Unavailable u) {
            message.fail(503, u.getMessage());
        } catch (RuntimeException e) {
            message.fail(500, "face matching failed: " + e.getClass().getSimpleName());
        }
    }

    private void analyze(Message<Buffer> message) {
        WorkerPriority.lower(niceness);
        try {
            ImageReport r = engine.analyze(message.body().getBytes());
            message.reply(ImageJson.report(r).put("fingerprint", ImageJson.fingerprint(r.fingerprint())));
        } catch (BadImage bad) {
            message.fail(bad.status(), bad.getMessage());
        } catch (VisionEngine.Unavailable u) {
            message.fail(503, u.getMessage());
        } catch (RuntimeException e) {
            message.fail(500, "image analysis failed: " + e.getClass().getSimpleName());
        }
    }
}
