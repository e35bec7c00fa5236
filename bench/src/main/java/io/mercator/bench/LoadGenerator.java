package io.mercator.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A closed-loop HTTP load generator: {@code connections} keep-alive connections, each sending its
 * next request as soon as the previous answer arrives, for a fixed duration after a warm-up.
 * It runs on its own single event loop, so recording a latency needs no locking.
 */
final class LoadGenerator {

    /** What one run measured. */
    record Result(LatencyStats latency, long requests, double seconds, Map<Integer, Long> statuses, long failures,
                  long degraded) {
        double requestsPerSecond() {
            return requests / seconds;
        }

        String summary() {
            return String.format("%s, %,.0f req/s, statuses %s, degraded responses %d, transport failures %d",
                    latency.summary(), requestsPerSecond(), statuses, degraded, failures);
        }
    }

    private record Answer(int status, boolean degraded) {
    }

    private LoadGenerator() {
    }

    static Result run(int port, int connections, Duration warmup, Duration duration, Supplier<String> paths)
            throws InterruptedException {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            HttpClient client = vertx.createHttpClient(
                    new HttpClientOptions().setKeepAlive(true).setDefaultHost("127.0.0.1").setDefaultPort(port),
                    new PoolOptions().setHttp1MaxSize(connections));
            LatencyStats stats = new LatencyStats();
            Map<Integer, Long> statuses = new TreeMap<>();
            long[] counters = new long[3]; // requests recorded, failures, degraded answers
            long start = System.nanoTime();
            long measureFrom = start + warmup.toNanos();
            long until = measureFrom + duration.toNanos();
            CountDownLatch done = new CountDownLatch(connections);
            for (int c = 0; c < connections; c++) {
                vertx.runOnContext(v -> next(client, paths, stats, statuses, counters, measureFrom, until, done));
            }
            if (!done.await(warmup.plus(duration).toSeconds() + 60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("load generator did not finish");
            }
            double seconds = (System.nanoTime() - measureFrom) / 1e9;
            return new Result(stats, counters[0], seconds, statuses, counters[1], counters[2]);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private static void next(HttpClient client, Supplier<String> paths, LatencyStats stats, Map<Integer, Long> statuses,
                             long[] counters, long measureFrom, long until, CountDownLatch done) {
        long sent = System.nanoTime();
        if (sent >= until) {
            done.countDown();
            return;
        }
        client.request(new RequestOptions().setMethod(HttpMethod.GET).setURI(paths.get()))
                .compose(req -> req.send().compose(res -> res.body().map(b -> new Answer(res.statusCode(),
                        // a fast answer that fell back is not a fast answer: count them
                        res.statusCode() == 200 && !b.toString().contains("\"degraded\":[]")))))
                .onComplete(ar -> {
                    long now = System.nanoTime();
                    if (sent >= measureFrom) {
                        if (ar.succeeded()) {
                            stats.add(now - sent);
                            statuses.merge(ar.result().status(), 1L, Long::sum);
                            counters[0]++;
                            if (ar.result().degraded()) {
                                counters[2]++;
                            }
                        } else {
                            counters[1]++;
                        }
                    }
                    next(client, paths, stats, statuses, counters, measureFrom, until, done);
                });
    }
}
