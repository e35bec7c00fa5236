package io.mercator.service.cli;

import io.mercator.events.log.EventLog;
import io.mercator.service.Assembly;
import io.mercator.service.config.MercatorConfig;
import io.mercator.service.vision.VisionServer;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code mercator vision}: image intelligence as a deployment of its own, on {@code vision.port},
 * for a service configured with {@code vision.mode: remote}. It holds no state but its models: the
 * near-duplicate index and the photo events stay the service's. On Kafka it writes the image model's
 * releases to the log, unless {@code --no-log}.
 */
@Command(name = "vision", mixinStandardHelpOptions = true,
        description = "Start the image service alone (POST /analyze-image) on vision.port (default 8082).")
final class VisionCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions service = new ServiceOptions();

    @Option(names = "--no-log", description = "do not use the event log (the image model's releases are off)")
    boolean noLog;

    @Override
    public Integer call() throws Exception {
        MercatorConfig config = service.load(Map.of());
        Vertx vertx = Vertx.vertx();
        // Kafka is written by any number of processes; the embedded log belongs to the service that writes it
        boolean useLog = !noLog && config.log().backend() == MercatorConfig.LogBackend.KAFKA;
        EventLog log = useLog ? Assembly.eventLog(vertx, config).await(60, TimeUnit.SECONDS) : null;
        if (!useLog) {
            System.out.println("No event log (it is used on Kafka only): the image model's releases are off here");
        }
        VisionServer server = new VisionServer(vertx, config);
        int port = server.start(config.http().host(), config.vision().port(), log).await(60, TimeUnit.SECONDS);
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
