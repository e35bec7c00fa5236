package io.mercator.service.faults;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

/**
 * Concurrent GET requests against a running service on 127.0.0.1, from a few threads, until
 * stopped or until a hard deadline: the load a fault is injected under. Every answer is kept as
 * an {@link Answer}, so a test can look at what came back before, during and after the fault.
 */
public final class FeedLoad implements AutoCloseable {

    /** One response: status, the components it names as degraded, how many items it had. */
    public record Answer(int status, Set<String> degraded, int items) {
    }

    private static final Duration HARD_DEADLINE = Duration.ofMinutes(3);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Answer> answers = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final long until = System.nanoTime() + HARD_DEADLINE.toNanos();
    private final int clients;

    /**
     * @param port    the service's port on 127.0.0.1
     * @param threads concurrent clients
     * @param path    the path of the n-th request of a client (vary users or queries with n)
     */
    public FeedLoad(int port, int threads, IntFunction<String> path) {
        this.clients = threads;
        for (int t = 0; t < threads; t++) {
            int client = t;
            this.threads.add(Thread.ofPlatform().daemon(true).name("feed-load-" + t).start(() -> loop(port, client, path)));
        }
    }

    private void loop(int port, int client, IntFunction<String> path) {
        for (int n = client; running.get() && System.nanoTime() < until; n += clients) {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path.apply(n)))
                    .timeout(Duration.ofSeconds(10)).GET().build();
            Answer a;
            try {
                HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
                a = parse(res.statusCode(), res.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                a = new Answer(-1, Set.of(), 0); // no answer at all counts against the service too
            }
            synchronized (answers) {
                answers.add(a);
            }
        }
    }

    private static Answer parse(int status, String body) {
        if (status != 200) {
            return new Answer(status, Set.of(), 0);
        }
        JsonObject json = new JsonObject(body);
        Set<String> degraded = new HashSet<>();
        JsonArray d = json.getJsonArray("degraded", new JsonArray());
        for (int i = 0; i < d.size(); i++) {
            degraded.add(d.getString(i));
        }
        return new Answer(status, degraded, json.getJsonArray("items", new JsonArray()).size());
    }

    /** How many answers came so far: a mark to look at later answers only. */
    public int mark() {
        synchronized (answers) {
            return answers.size();
        }
    }

    /** The answers from a mark on. */
    public List<Answer> since(int mark) {
        synchronized (answers) {
            return List.copyOf(answers.subList(mark, answers.size()));
        }
    }

    @Override
    public void close() {
        running.set(false);
        for (Thread t : threads) {
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
