package io.mercator.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input, everywhere: requests generated from the OpenAPI document the service serves, for
 * every documented operation, with parameters and bodies drawn from what a careless or hostile
 * client sends (empty, huge, negative, not a number, Thai, emoji, control characters, repeated,
 * unknown, truncated or nested JSON, bytes that are no image). None may be answered with a 5xx,
 * hang, or lose its connection; every 4xx carries a JSON {@code error} message; and the service is
 * still ready at the end. The generator is seeded ({@code -Dfuzz.seed}), so a failure replays, and
 * each failure prints the request that caused it.
 */
class RouteFuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", 20261207L);
    private static final int PER_OPERATION = Integer.getInteger("fuzz.perOperation", 40);
    private static final String ADMIN = "fuzz-admin-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;
    static RunningMercator app;
    static JsonNode doc;

    @BeforeAll
    static void start() throws Exception {
        app = RunningMercator.startWithAdmin(dir, ADMIN);
        doc = JSON.readTree(app.get("/openapi.json").body());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** A documented operation: method, path template, its parameters and request body, if any. */
    record Operation(String method, String path, List<JsonNode> parameters, JsonNode requestBody) {
    }

    /** A generated request. */
    record Fuzzed(String method, String uri, Map<String, String> headers, byte[] body) {
        @Override
        public String toString() {
            String b = body == null ? "" : new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
            return method + " " + (uri.length() > 300 ? uri.substring(0, 300) + "..." : uri) + " " + headers.keySet()
                    + (body == null ? "" : " body(" + body.length + " bytes): " + b);
        }
    }

    @Test
    void noGeneratedRequestGetsA5xxAHangOrADroppedConnection() throws Exception {
        List<Operation> operations = operations();
        assertThat(operations).hasSizeGreaterThan(20);
        SplittableRandom random = new SplittableRandom(SEED);
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (Operation op : operations) {
            for (int i = 0; i < PER_OPERATION; i++) {
                Fuzzed request = generate(op, random);
                String problem = check(request, statuses);
                if (problem != null && failures.size() < 20) {
                    failures.add(problem + " <- " + request);
                }
            }
            assertThat(app.get("/health/ready").statusCode()).as("ready after fuzzing " + op.method() + " " + op.path())
                    .isEqualTo(200);
        }
        assertThat(failures).as("seed " + SEED + "; statuses " + statuses).isEmpty();
        // the generator reached the routes' checks, not only the router's 404
        assertThat(statuses.getOrDefault(400, 0)).isGreaterThan(100);
        assertThat(statuses.getOrDefault(200, 0) + statuses.getOrDefault(202, 0)).isGreaterThan(20);
        assertThat(app.get("/feed?lat=13.75&lon=100.5&limit=5").statusCode()).isEqualTo(200);
    }

    /** Null when the answer is acceptable, else what was wrong with it. */
    private static String check(Fuzzed r, Map<Integer, Integer> statuses) {
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.mercator.port() + r.uri()))
                    .timeout(Duration.ofSeconds(30))
                    .method(r.method(), r.body() == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(r.body()));
        } catch (IllegalArgumentException e) {
            throw new AssertionError("the generator made an invalid URI: " + r, e);
        }
        r.headers().forEach(b::header);
        HttpResponse<String> res;
        try {
            res = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return "no answer within 30 s";
        } catch (IOException e) {
            return "connection lost: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        statuses.merge(res.statusCode(), 1, Integer::sum);
        if (res.statusCode() >= 500) {
            return res.statusCode() + " " + shorten(res.body());
        }
        if (res.statusCode() >= 400) {
            try {
                JsonNode body = JSON.readTree(res.body());
                if (body == null || body.path("error").asText().isBlank()) {
                    return res.statusCode() + " without a JSON error message: " + shorten(res.body());
                }
            } catch (IOException e) {
                return res.statusCode() + " with a body that is not JSON: " + shorten(res.body());
            }
        }
        return null;
    }

    private static String shorten(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static List<Operation> operations() {
        List<Operation> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> p = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                List<JsonNode> params = new ArrayList<>();
                p.getValue().path("parameters").forEach(params::add);
                op.getValue().path("parameters").forEach(params::add);
                List<JsonNode> resolved = new ArrayList<>();
                for (JsonNode param : params) {
                    resolved.add(resolve(param));
                }
                JsonNode body = op.getValue().has("requestBody") ? resolve(op.getValue().get("requestBody")) : null;
                out.add(new Operation(op.getKey().toUpperCase(), p.getKey(), resolved, body));
            }
        }
        return out;
    }

    private static JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? doc.at(node.get("$ref").asText().substring(1)) : node;
    }

    // ---- the generator ----

    private static Fuzzed generate(Operation op, SplittableRandom r) {
        String path = op.path();
        StringBuilder query = new StringBuilder();
        for (JsonNode param : op.parameters()) {
            String name = param.path("name").asText();
            String in = param.path("in").asText();
            JsonNode schema = resolve(param.path("schema"));
            if (in.equals("path")) {
                path = path.replace("{" + name + "}", encode(nonEmpty(value(schema, r), r)));
            } else if (in.equals("query") && (param.path("required").asBoolean() || r.nextInt(3) > 0)) {
                int times = r.nextInt(12) == 0 ? 2 : 1; // now and then a repeated parameter
                for (int t = 0; t < times; t++) {
                    query.append(query.isEmpty() ? "" : "&").append(encode(name)).append('=').append(encode(value(schema, r)));
                }
            }
        }
        if (r.nextInt(6) == 0) {
            query.append(query.isEmpty() ? "" : "&").append(encode(junk(r))).append('=').append(encode(junk(r)));
        }
        Map<String, String> headers = new HashMap<>();
        switch (r.nextInt(4)) {
            case 0, 1 -> headers.put("Authorization", "Bearer " + ADMIN);
            case 2 -> headers.put("Authorization", r.nextBoolean() ? "Bearer " + junkAscii(r) : junkAscii(r));
            default -> {
            }
        }
        byte[] body = null;
        if (op.requestBody() != null || op.method().equals("POST") || op.method().equals("PUT")) {
            String contentType = contentType(op, r);
            headers.put("content-type", contentType);
            body = body(op, contentType, r);
        }
        return new Fuzzed(op.method(), path + (query.isEmpty() ? "" : "?" + query), headers, body);
    }

    private static String contentType(Operation op, SplittableRandom r) {
        List<String> documented = new ArrayList<>();
        if (op.requestBody() != null) {
            op.requestBody().path("content").fieldNames().forEachRemaining(documented::add);
        }
        if (!documented.isEmpty() && r.nextInt(5) > 0) {
            return documented.get(r.nextInt(documented.size()));
        }
        String[] others = {"application/json", "text/plain", "application/octet-stream", "image/jpeg",
                "multipart/form-data; boundary=xyz", "application/x-www-form-urlencoded", "application/json; charset=latin1"};
        return others[r.nextInt(others.length)];
    }

    private static byte[] body(Operation op, String contentType, SplittableRandom r) {
        JsonNode schema = op.requestBody() == null ? null
                : resolve(op.requestBody().path("content").path(contentType.split(";")[0].strip()).path("schema"));
        String text = switch (r.nextInt(8)) {
            case 0 -> "";
            case 1 -> {
                byte[] bytes = new byte[r.nextInt(1, 4_000)];
                r.nextBytes(bytes);
                yield new String(bytes, StandardCharsets.ISO_8859_1);
            }
            case 2 -> "{".repeat(r.nextInt(1, 3_000));
            case 3 -> truncated(jsonFor(schema, r, 0), r);
            case 4 -> "[" + jsonFor(schema, r, 0) + "," + jsonFor(schema, r, 0) + "]";
            case 5 -> "--xyz\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
                    + junk(r) + "\r\n--xyz--\r\n";
            default -> jsonFor(schema, r, 0);
        };
        return r.nextInt(8) == 0 ? text.getBytes(StandardCharsets.ISO_8859_1) : text.getBytes(StandardCharsets.UTF_8);
    }

    private static String truncated(String json, SplittableRandom r) {
        return json.isEmpty() ? json : json.substring(0, r.nextInt(json.length()));
    }

    /** JSON shaped like the schema (its properties and types), with values from the whole range of bad input. */
    private static String jsonFor(JsonNode schema, SplittableRandom r, int depth) {
        schema = schema == null ? null : resolve(schema);
        if (schema == null || schema.isMissingNode() || depth > 4 || r.nextInt(10) == 0) {
            return anyJson(r, depth);
        }
        String type = schema.path("type").isArray() ? schema.path("type").get(0).asText() : schema.path("type").asText();
        if (schema.has("properties") || type.equals("object")) {
            StringBuilder b = new StringBuilder("{");
            Iterator<Map.Entry<String, JsonNode>> props = schema.path("properties").fields();
            boolean first = true;
            while (props.hasNext()) {
                Map.Entry<String, JsonNode> p = props.next();
                if (r.nextInt(5) == 0) {
                    continue;
                }
                b.append(first ? "" : ",").append(quote(p.getKey())).append(':').append(jsonFor(p.getValue(), r, depth + 1));
                first = false;
            }
            return b.append('}').toString();
        }
        if (type.equals("array")) {
            StringBuilder b = new StringBuilder("[");
            int n = r.nextInt(4);
            for (int i = 0; i < n; i++) {
                b.append(i == 0 ? "" : ",").append(jsonFor(schema.path("items"), r, depth + 1));
            }
            return b.append(']').toString();
        }
        return switch (r.nextInt(4)) {
            case 0 -> quote(value(schema, r));
            case 1 -> number(r);
            case 2 -> r.nextBoolean() ? "null" : "true";
            default -> type.equals("string") ? quote(value(schema, r)) : value(schema, r).matches("-?[0-9.eE+]+") ? value(schema, r) : number(r);
        };
    }

    private static String anyJson(SplittableRandom r, int depth) {
        return switch (r.nextInt(depth > 3 ? 4 : 6)) {
            case 0 -> quote(junk(r));
            case 1 -> number(r);
            case 2 -> "null";
            case 3 -> r.nextBoolean() ? "true" : "false";
            case 4 -> "{" + quote(junk(r)) + ":" + anyJson(r, depth + 1) + "}";
            default -> "[" + anyJson(r, depth + 1) + "," + anyJson(r, depth + 1) + "]";
        };
    }

    private static String number(SplittableRandom r) {
        String[] n = {"0", "-1", "1e308", "-1e309", "123456789012345678901234567890", "0.0000001", "3.5", "-0",
                "9007199254740993", "1E400"};
        return n[r.nextInt(n.length)];
    }

    /** A value for a parameter of {@code schema}: documented values some of the time, bad ones the rest. */
    private static String value(JsonNode schema, SplittableRandom r) {
        schema = resolve(schema);
        if (schema.has("enum") && r.nextInt(3) == 0) {
            JsonNode e = schema.get("enum");
            return e.get(r.nextInt(e.size())).asText();
        }
        if (schema.has("example") && r.nextInt(3) == 0) {
            return schema.get("example").asText();
        }
        String type = schema.path("type").isArray() ? schema.path("type").get(0).asText() : schema.path("type").asText();
        if ((type.equals("number") || type.equals("integer")) && r.nextInt(3) == 0) {
            double min = schema.path("minimum").asDouble(-1_000);
            double max = schema.path("maximum").asDouble(1_000);
            double v = min + (max - min) * r.nextDouble();
            return type.equals("integer") ? Long.toString(Math.round(v)) : Double.toString(v);
        }
        return junk(r);
    }

    private static String nonEmpty(String s, SplittableRandom r) {
        return s.isEmpty() ? "x" + r.nextInt(1000) : s;
    }

    /** Something a client should not send. */
    private static String junk(SplittableRandom r) {
        return switch (r.nextInt(14)) {
            case 0 -> "";
            case 1 -> " ";
            case 2 -> "NaN";
            case 3 -> "-Infinity";
            case 4 -> number(r);
            case 5 -> "รถมือสอง กรุงเทพ";
            case 6 -> "😀🔥" + "\u202E" + "abc";
            case 7 -> "\u0000\u0001\u0007\t\n\r";
            case 8 -> "a".repeat(r.nextInt(200, 3_500));
            case 9 -> "../../etc/passwd";
            case 10 -> "<script>alert(1)</script>";
            case 11 -> "' OR 1=1 --";
            case 12 -> "%00%ZZ";
            default -> junkAscii(r);
        };
    }

    private static String junkAscii(SplittableRandom r) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(1, 40);
        for (int i = 0; i < n; i++) {
            b.append((char) r.nextInt(0x21, 0x7f));
        }
        return b.toString();
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
