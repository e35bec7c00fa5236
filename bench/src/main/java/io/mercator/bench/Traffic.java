package io.mercator.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Open-loop traffic of several streams at fixed rates, kept up whatever the server does, each
 * answer judged and kept as a {@link Sample}: for the chaos benchmark, which reads them by phase.
 * Runs on an event loop of its own; a request unanswered after {@link #REQUEST_TIMEOUT} counts as
 * failed.
 */
final class Traffic implements AutoCloseable {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    enum Kind { FEED, SEARCH, EVENTS, TEXT, IMAGE }

    /**
     * One answer.
     *
     * @param ok       a 2xx whose body is what the route promises (for reads: an object with an
     *                 {@code items} array; for events: 202)
     * @param degraded the components the response names as fallen back, comma-separated; "" for none
     * @param status   the HTTP status, -1 for no answer
     * @param eventIds for events, the ids of the batch
     */
    record Sample(Kind kind, long sentNanos, long latencyNanos, int status, boolean ok, String degraded,
                  List<String> eventIds) {
        boolean isRead() {
            return kind == Kind.FEED || kind == Kind.SEARCH;
        }

        long answeredNanos() {
            return sentNanos + latencyNanos;
        }
    }

    /** One request. For events, the ids of the batch, remembered when it is acknowledged. */
    record Call(Kind kind, HttpMethod method, String uri, Buffer body, String contentType, List<String> eventIds) {
        static Call get(Kind kind, String uri) {
            return new Call(kind, HttpMethod.GET, uri, null, null, List.of());
        }

        static Call post(Kind kind, String uri, Buffer body, String contentType) {
            return new Call(kind, HttpMethod.POST, uri, body, contentType, List.of());
        }

        static Call events(JsonArray batch) {
            List<String> ids = new ArrayList<>();
            batch.forEach(e -> ids.add(((JsonObject) e).getString("id")));
            return new Call(Kind.EVENTS, HttpMethod.POST, "/events", batch.toBuffer(), "application/json", ids);
        }
    }

    /** Requests per second of one kind of call. */
    record Stream(int perSecond, Supplier<Call> calls) {
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final Set<String> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicLong outstanding = new AtomicLong();
    private volatile boolean running = true;

    private Traffic(int port) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        this.client = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setDefaultHost("127.0.0.1").setDefaultPort(port),
                new PoolOptions().setHttp1MaxSize(64).setMaxWaitQueueSize(-1));
    }

    /** Starts every stream now. */
    static Traffic start(int port, List<Stream> streams) {
        Traffic t = new Traffic(port);
        long start = System.nanoTime();
        for (Stream s : streams) {
            double interval = 1e9 / s.perSecond();
            long[] scheduled = {0};
            t.vertx.setPeriodic(1, id -> {
                if (!t.running) {
                    t.vertx.cancelTimer(id);
                    return;
                }
                long now = System.nanoTime();
                while (true) {
                    long arrival = start + (long) (scheduled[0] * interval);
                    if (arrival > now) {
                        break;
                    }
                    scheduled[0]++;
                    t.send(s.calls().get(), arrival);
                }
            });
        }
        return t;
    }

    private void send(Call call, long arrival) {
        outstanding.incrementAndGet();
        RequestOptions options = new RequestOptions().setMethod(call.method()).setURI(call.uri())
                .setTimeout(REQUEST_TIMEOUT.toMillis());
        if (call.body() != null) {
            options.putHeader("content-type", call.contentType());
        }
        client.request(options)
                .compose(req -> (call.body() == null ? req.send() : req.send(call.body()))
                        .compose(res -> res.body().map(b -> judge(call, arrival, res.statusCode(), b))))
                .onComplete(ar -> {
                    outstanding.decrementAndGet();
                    samples.add(ar.succeeded() ? ar.result()
                            : new Sample(call.kind(), arrival, System.nanoTime() - arrival, -1, false, "", call.eventIds()));
                });
    }

    private Sample judge(Call call, long arrival, int status, Buffer body) {
        long latency = System.nanoTime() - arrival;
        boolean ok = false;
        String degraded = "";
        switch (call.kind()) {
            case FEED, SEARCH -> {
                if (status == 200) {
                    try {
                        JsonObject json = body.toJsonObject();
                        ok = json.getValue("items") instanceof JsonArray;
                        JsonArray d = json.getJsonArray("degraded", new JsonArray());
                        List<String> names = new ArrayList<>();
                        d.forEach(x -> names.add(String.valueOf(x)));
                        degraded = String.join(",", names);
                    } catch (RuntimeException e) {
                        ok = false;
                    }
                }
            }
            case EVENTS -> {
                ok = status == 202;
                if (ok) {
                    acknowledged.addAll(call.eventIds());
                }
            }
            case TEXT, IMAGE -> {
                if (status == 200) {
                    try {
                        ok = !body.toJsonObject().isEmpty();
                    } catch (RuntimeException e) {
                        ok = false;
                    }
                }
            }
        }
        return new Sample(call.kind(), arrival, latency, status, ok, degraded, call.eventIds());
    }

    /** Stops sending and waits (at most {@code wait}) for the answers still out. */
    void stopAndDrain(Duration wait) throws InterruptedException {
        running = false;
        long until = System.nanoTime() + wait.toNanos();
        while (outstanding.get() > 0 && System.nanoTime() < until) {
            Thread.sleep(50);
        }
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** Ids of every event in a batch answered 202. */
    Set<String> acknowledgedEventIds() {
        return new HashSet<>(acknowledged);
    }

    @Override
    public void close() throws Exception {
        running = false;
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
