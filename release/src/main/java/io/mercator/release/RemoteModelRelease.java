package io.mercator.release;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The release controls of a model kind that another deployment serves ({@code mercator nlp} for
 * {@code text}, {@code mercator vision} for {@code image}): each call goes to that deployment's
 * {@code /admin/releases/{kind}} routes, which run the same {@link ReleaseControl} next to the
 * model, write the transition to the event log before applying it, and run the shadow there. So
 * the service's admin API and console show and steer every kind the same way in both modes.
 *
 * <p>The deployment is called with an admin key of this service ({@code key}), and the person who
 * asked is passed as {@code on_behalf_of}, which the deployment records with the key's label.
 * What the deployment refuses comes back as the same exceptions a local control throws (409 as
 * {@link IllegalStateException}, 404 as {@link UnknownVersion}, 400 as {@link IllegalArgumentException}, with its
 * message); a deployment that cannot be reached, or answers 5xx, is {@link ReleaseUnavailable}.
 * Blocking: call it on a worker.
 */
public final class RemoteModelRelease implements ModelRelease {

    private static final Duration CONNECT = Duration.ofSeconds(2);

    private final String kind;
    private final String baseUrl;
    private final String deployment;
    private final Supplier<String> key;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param kind       the model kind ({@code text}, {@code image})
     * @param baseUrl    where the deployment listens, e.g. {@code http://mercator-nlp:8081}
     * @param deployment what to call it in messages, e.g. {@code the text deployment}
     * @param key        the admin key to call it with, or null when none is configured (every call then says so)
     * @param timeout    for one call; a transition loads and warms a model there, so seconds, not milliseconds
     */
    public RemoteModelRelease(String kind, String baseUrl, String deployment, Supplier<String> key, Duration timeout) {
        this.kind = kind;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.deployment = deployment;
        this.key = key;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT).build();
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public Status status() {
        return call("GET", "", null);
    }

    @Override
    public Status startShadow(String version, String actor, String reason) {
        return call("POST", "/shadow", body(actor, reason).put("version", version));
    }

    @Override
    public Status startBlueGreen(String version, String actor, String reason) {
        return call("POST", "/blue-green", body(actor, reason).put("version", version));
    }

    @Override
    public Status switchOver(String actor, String reason) {
        return call("POST", "/switch", body(actor, reason));
    }

    @Override
    public Status switchBack(String actor, String reason) {
        return call("POST", "/switch-back", body(actor, reason));
    }

    @Override
    public Status end(String actor, String reason) {
        return call("POST", "/end", body(actor, reason));
    }

    private static JsonObject body(String actor, String reason) {
        return new JsonObject().put("on_behalf_of", actor).put("reason", reason);
    }

    private Status call(String method, String step, JsonObject body) {
        String k = key.get();
        if (k == null || k.isBlank()) {
            throw new ReleaseUnavailable("the " + kind + " model runs in " + deployment + ", and this service has no "
                    + "admin key to call its release controls with (admin.apiKey)");
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(baseUrl + "/admin/releases/" + kind + step))
                .timeout(timeout).header("Authorization", "Bearer " + k).header("Accept", "application/json");
        req = body == null ? req.GET()
                : req.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode()));
        HttpResponse<String> res;
        try {
            res = http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ReleaseUnavailable(deployment + " cannot be reached for the " + kind + " release (" + baseUrl
                    + "): " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReleaseUnavailable("interrupted while calling " + deployment, e);
        }
        String error = error(res);
        return switch (res.statusCode()) {
            case 200 -> {
                try {
                    yield ReleaseJson.fromJson(new JsonObject(res.body()));
                } catch (DecodeException | IllegalArgumentException e) {
                    throw new ReleaseUnavailable(deployment + " answered something that is not a release: " + e.getMessage(), e);
                }
            }
            case 409 -> throw new IllegalStateException(error);
            case 404 -> throw new UnknownVersion(error);
            case 400 -> throw new IllegalArgumentException(error);
            case 401, 403 -> throw new ReleaseUnavailable(deployment + " refused this service's admin key ("
                    + res.statusCode() + ": " + error + "); both must share admin.apiKey");
            default -> throw new ReleaseUnavailable(deployment + " answered " + res.statusCode() + ": " + error);
        };
    }

    private static String error(HttpResponse<String> res) {
        try {
            String e = new JsonObject(res.body()).getString("error");
            return e == null ? res.body() : e;
        } catch (DecodeException | ClassCastException notJson) {
            return res.body().length() > 200 ? res.body().substring(0, 200) : res.body();
        }
    }
}
