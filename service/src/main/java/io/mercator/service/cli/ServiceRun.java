package io.mercator.service.cli;

import io.mercator.service.Mercator;
import io.mercator.service.access.AccessKeys;
import io.mercator.service.config.MercatorConfig;

import java.util.concurrent.CountDownLatch;

/** Starts Mercator, says where it listens and when it is ready, and runs until the process is stopped. */
final class ServiceRun {

    private ServiceRun() {
    }

    static void runUntilStopped(MercatorConfig config) throws Exception {
        long start = System.nanoTime();
        Mercator m = Mercator.start(config).toCompletionStage().toCompletableFuture().get();
        String url = "http://localhost:" + m.port();
        System.out.println("Mercator listens on " + url + "  (ready at " + url + "/health/ready)");
        System.out.println("Operations console: " + url + "/console  (API contract: " + url + "/openapi.json)");
        m.keys().generatedAdminKey().ifPresent(key -> System.out.println("Admin key, made for this demo and shown "
                + "only now (kept in " + config.dataPath().resolve(AccessKeys.DEMO_KEY_FILE) + "): " + key));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            m.close();
            stopped.countDown();
        }, "mercator-shutdown"));
        m.booted().onSuccess(v -> waitReady(m, start));
        stopped.await();
    }

    private static void waitReady(Mercator m, long start) {
        Thread.ofPlatform().daemon(true).name("ready-watch").start(() -> {
            while (true) {
                try {
                    if (m.readiness().check().toCompletionStage().toCompletableFuture().get().ready()) {
                        System.out.printf("Mercator is ready after %.1f s%n", (System.nanoTime() - start) / 1e9);
                        return;
                    }
                    Thread.sleep(200);
                } catch (Exception e) {
                    return;
                }
            }
        });
    }
}
