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

    /**
     * What one run measured; {@code answeredInAll} counts the answers of the warm-up too (what a
     * CPU time taken over the whole run is divided by).
     */
    record Result(LatencyStats latency, long requests, double seconds, Map<Integer, Long> statuses, long failures,
                  long degraded, Map<String, Long> degradedBy, long answeredInAll) {
        double requestsPerSecond() {
            return requests / seconds;
        }

        String summary() {
            return String.format("%s, %,.0f req/s, statuses %s, degraded responses %d %s, transport failures %d",
                    latency.summary(), requestsPerSecond(), statuses, degraded, degradedBy, failures);
        }
    }

    /** A response: its status and the components its {@code degraded} array names ("" for none). */
    private record Answer(int status, String degraded) {
        static Answer of(int status, io.vertx.core.buffer.Buffer body) {
            if (status != 200) {
                return new Answer(status, "");
            }
            String text = body.toString();
            int at = text.indexOf("\"degraded\":[");
            if (at < 0) {
                return new Answer(status, "");
            }
            int from = at + "\"degraded\":[".length();
            return new Answer(status, text.substring(from, text.indexOf(']', from)).replace("\"", ""));
        }
    }

    /** One request: GET without a body, or POST with a body of the given content type. */
    record Call(HttpMethod method, String uri, io.vertx.core.buffer.Buffer body, String contentType) {
        static Call get(String uri) {
            return new Call(HttpMethod.GET, uri, null, null);
        }

        static Call postJson(String uri, String json) {
            return post(uri, io.vertx.core.buffer.Buffer.buffer(json), "application/json");
        }

        static Call post(String uri, io.vertx.core.buffer.Buffer body, String contentType) {
            return new Call(HttpMethod.POST, uri, body, contentType);
        }

        io.vertx.core.Future<Answer> send(HttpClient client) {
            RequestOptions options = new RequestOptions().setMethod(method).setURI(uri);
            if (body != null) {
                options.putHeader("content-type", contentType);
            }
            return client.request(options)
                    .compose(req -> (body == null ? req.send() : req.send(body))
                            .compose(res -> res.body().map(b -> Answer.of(res.statusCode(), b))));
        }
    }

    private LoadGenerator() {
    }

    private static Supplier<Call> gets(Supplier<String> paths) {
        return () -> Call.get(paths.get());
    }

    /**
     * A Vert.x of one event loop for the generator, its thread named {@code load-generator}, so a
     * per-thread CPU breakdown (scripts/thread-cpu.sh) tells it from the service's event loops.
     */
    private static Vertx ownLoop() {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        java.util.concurrent.CompletableFuture<Void> named = new java.util.concurrent.CompletableFuture<>();
        vertx.runOnContext(v -> {
            Thread.currentThread().setName("load-generator");
            named.complete(null);
        });
        named.join();
        return vertx;
    }

    static Result run(int port, int connections, Duration warmup, Duration duration, Supplier<String> paths)
            throws InterruptedException {
        return runCalls(port, connections, warmup, duration, gets(paths));
    }

    static Result runCalls(int port, int connections, Duration warmup, Duration duration, Supplier<Call> paths)
            throws InterruptedException {
        Vertx vertx = ownLoop();
        try {
            HttpClient client = vertx.createHttpClient(
                    new HttpClientOptions().setKeepAlive(true).setDefaultHost("127.0.0.1").setDefaultPort(port),
                    new PoolOptions().setHttp1MaxSize(connections));
            LatencyStats stats = new LatencyStats();
            Map<Integer, Long> statuses = new TreeMap<>();
            Map<String, Long> degradedBy = new TreeMap<>();
            long[] counters = new long[4]; // requests recorded, failures, degraded answers, answers in all
            long start = System.nanoTime();
            long measureFrom = start + warmup.toNanos();
            long until = measureFrom + duration.toNanos();
            CountDownLatch done = new CountDownLatch(connections);
            for (int c = 0; c < connections; c++) {
                vertx.runOnContext(v -> next(client, paths, stats, statuses, degradedBy, counters, measureFrom, until, done));
            }
            if (!done.await(warmup.plus(duration).toSeconds() + 60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("load generator did not finish");
            }
            double seconds = (System.nanoTime() - measureFrom) / 1e9;
            return new Result(stats, counters[0], seconds, statuses, counters[1], counters[2], degradedBy, counters[3]);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /**
     * Open loop: requests arrive at a fixed rate whatever the server does, spread over at most
     * {@code connections} keep-alive connections. Latency is timed from each request's scheduled
     * arrival, so time spent waiting for a free connection counts (no coordinated omission).
     */
    static Result runAtRate(int port, int connections, int requestsPerSecond, Duration warmup, Duration duration,
                            Supplier<String> paths) throws InterruptedException {
        return runCallsAtRate(port, connections, requestsPerSecond, warmup, duration, gets(paths));
    }

    static Result runCallsAtRate(int port, int connections, int requestsPerSecond, Duration warmup, Duration duration,
                                 Supplier<Call> paths) throws InterruptedException {
        Vertx vertx = ownLoop();
        try {
            HttpClient client = vertx.createHttpClient(
                    new HttpClientOptions().setKeepAlive(true).setDefaultHost("127.0.0.1").setDefaultPort(port),
                    new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
            LatencyStats stats = new LatencyStats();
            Map<Integer, Long> statuses = new TreeMap<>();
            Map<String, Long> degradedBy = new TreeMap<>();
            long[] counters = new long[5]; // recorded, failures, degraded, answers outstanding, answers in all
            long start = System.nanoTime();
            long measureFrom = start + warmup.toNanos();
            long until = measureFrom + duration.toNanos();
            double intervalNanos = 1e9 / requestsPerSecond;
            long[] scheduled = {0};
            CountDownLatch done = new CountDownLatch(1);
            vertx.setPeriodic(1, id -> {
                long now = System.nanoTime();
                // send every request whose arrival time has come, each timed from that arrival
                while (true) {
                    long arrival = start + (long) (scheduled[0] * intervalNanos);
                    if (arrival > now || arrival >= until) {
                        break;
                    }
                    scheduled[0]++;
                    counters[3]++;
                    paths.get().send(client).onComplete(ar -> {
                        counters[3]--;
                        counters[4]++;
                        if (arrival >= measureFrom) {
                            record(ar, System.nanoTime() - arrival, arrival - measureFrom, stats, statuses,
                                    degradedBy, counters);
                        }
                        if (counters[3] == 0 && System.nanoTime() >= until) {
                            done.countDown();
                        }
                    });
                }
                if (now >= until) {
                    vertx.cancelTimer(id);
                    if (counters[3] == 0) {
                        done.countDown();
                    }
                }
            });
            if (!done.await(warmup.plus(duration).toSeconds() + 120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("load generator did not finish");
            }
            return new Result(stats, counters[0], duration.toNanos() / 1e9, statuses, counters[1], counters[2], degradedBy,
                    counters[4]);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private static void record(io.vertx.core.AsyncResult<Answer> ar, long latencyNanos, long sentAfterNanos,
                               LatencyStats stats, Map<Integer, Long> statuses, Map<String, Long> degradedBy,
                               long[] counters) {
        if (ar.succeeded()) {
            stats.add(latencyNanos, sentAfterNanos);
            statuses.merge(ar.result().status(), 1L, Long::sum);
            counters[0]++;
            if (!ar.result().degraded().isEmpty()) {
                counters[2]++;
                degradedBy.merge(ar.result().degraded(), 1L, Long::sum);
            }
        } else {
            counters[1]++;
        }
    }

    private static void next(HttpClient client, Supplier<Call> paths, LatencyStats stats, Map<Integer, Long> statuses,
                             Map<String, Long> degradedBy, long[] counters, long measureFrom, long until,
                             CountDownLatch done) {
        long sent = System.nanoTime();
        if (sent >= until) {
            done.countDown();
            return;
        }
        // a fast answer that fell back is not a fast answer: the degraded ones are counted
        paths.get().send(client).onComplete(ar -> {
            long now = System.nanoTime();
            counters[3]++;
            if (sent >= measureFrom) {
                record(ar, now - sent, sent - measureFrom, stats, statuses, degradedBy, counters);
            }
            next(client, paths, stats, statuses, degradedBy, counters, measureFrom, until, done);
        });
    }
}
