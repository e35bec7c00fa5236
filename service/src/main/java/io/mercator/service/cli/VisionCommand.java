package io.mercator.service.cli;

import io.mercator.service.config.MercatorConfig;
import io.mercator.service.vision.VisionServer;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code mercator vision}: image intelligence as a deployment of its own, on {@code vision.port},
 * for a service configured with {@code vision.mode: remote}. It holds no state but its models: the
 * near-duplicate index and the photo events stay the service's.
 */
@Command(name = "vision", mixinStandardHelpOptions = true,
        description = "Start the image service alone (POST /analyze-image) on vision.port (default 8082).")
final class VisionCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions service = new ServiceOptions();

    @Override
    public Integer call() throws Exception {
        MercatorConfig config = service.load(Map.of());
        Vertx vertx = Vertx.vertx();
        VisionServer server = new VisionServer(vertx, config.vision());
        int port = server.start(config.http().host(), config.vision().port()).await(60, TimeUnit.SECONDS);
        System.out.println("Mercator image service listens on http://localhost:" + port + "  (ready at /health/ready)");
        // on a data directory without a registered head, the first start trains one (minutes); 503 until then
        server.loadOrTrainModels(config.dataPath());
        System.out.println(server.engine().ready() ? "Image models " + server.engine().modelVersion() + " loaded"
                : "Image analysis answers 503: see /analyze-image for the reason");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close().compose(v -> vertx.close()).toCompletionStage().toCompletableFuture()
                    .orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
            stopped.countDown();
        }, "vision-shutdown"));
        stopped.await();
        return 0;
    }
}
