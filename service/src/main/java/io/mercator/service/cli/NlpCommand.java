package io.mercator.service.cli;

import io.mercator.events.log.EventLog;
import io.mercator.service.Assembly;
import io.mercator.service.config.MercatorConfig;
import io.mercator.service.text.NlpServer;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code mercator nlp}: text intelligence as a deployment of its own, on {@code nlp.port}, for a
 * service configured with {@code nlp.mode: remote}. On Kafka it reads the log for the sellers'
 * template choices unless {@code --no-log}; the embedded log stays the service's own.
 */
@Command(name = "nlp", mixinStandardHelpOptions = true,
        description = "Start the text service alone (POST /analyze-text, POST /auto-reply) on nlp.port (default 8081).")
final class NlpCommand implements Callable<Integer> {

    @Mixin
    ServiceOptions service = new ServiceOptions();

    @Option(names = "--no-log", description = "do not use the event log (replies keep their file order, not most used first; no releases)")
    boolean noLog;

    @Override
    public Integer call() throws Exception {
        MercatorConfig config = service.load(Map.of());
        Vertx vertx = Vertx.vertx();
        // Kafka is read by any number of processes; the embedded log belongs to the service that writes it
        boolean readLog = !noLog && config.log().backend() == MercatorConfig.LogBackend.KAFKA;
        EventLog log = readLog ? Assembly.eventLog(vertx, config).await(60, TimeUnit.SECONDS) : null;
        if (!readLog) {
            System.out.println("Not reading the event log (it is read on Kafka only): replies keep their file order, "
                    + "and the text model's releases are off here");
        }
        NlpServer server = new NlpServer(vertx, config);
        int port = server.start(config.http().host(), config.nlp().port(), log).await(60, TimeUnit.SECONDS);
        System.out.println("Mercator text service listens on http://localhost:" + port + "  (ready at /health/ready)");
        try {
            server.loadOrTrainModels(config.dataPath());
            System.out.println("Text models " + server.engine().modelVersion() + " loaded");
        } catch (IllegalStateException noModel) {
            // stays up and unready, answering 503 with the reason, until a version is registered and it restarts
            System.err.println("mercator nlp: " + noModel.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close().compose(v -> vertx.close()).toCompletionStage().toCompletableFuture()
                    .orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
            stopped.countDown();
        }, "nlp-shutdown"));
        stopped.await();
        return 0;
    }
}
