package io.mercator.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Which components the responses name as degraded, over a few requests sent one at a time: read
 * next to a load run's "degraded responses" count, it tells a fallback caused by the load (budgets
 * spent while queueing) from one the setup causes even unloaded.
 */
final class DegradedTally {

    private DegradedTally() {
    }

    static String unloaded(int port, int requests, Supplier<String> paths) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, Integer> tally = new TreeMap<>();
        int whole = 0;
        for (int i = 0; i < requests; i++) {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + paths.get()))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            JsonArray degraded = res.statusCode() == 200
                    ? new JsonObject(res.body()).getJsonArray("degraded", new JsonArray()) : new JsonArray().add("status-" + res.statusCode());
            if (degraded.isEmpty()) {
                whole++;
            }
            for (int d = 0; d < degraded.size(); d++) {
                tally.merge(degraded.getString(d), 1, Integer::sum);
            }
        }
        return "unloaded, one at a time: " + whole + "/" + requests + " whole, degraded components " + tally;
    }
}
