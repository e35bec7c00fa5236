package io.mercator.service.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Stands in for Slack's incoming webhook ({@code POST /slack}) and PagerDuty's Events API v2
 * ({@code POST /pagerduty}) on 127.0.0.1: records every JSON body Alertmanager posts and answers
 * as the real services do (Slack {@code 200 ok}, PagerDuty {@code 202} with the event's dedup key).
 */
final class WebhookRecorder implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request: the path it was posted to and its JSON body. */
    record Delivery(String path, JsonNode body) {
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    WebhookRecorder() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newSingleThreadExecutor());
        server.createContext("/", exchange -> {
            JsonNode body;
            try (exchange) {
                byte[] bytes = exchange.getRequestBody().readAllBytes();
                body = JSON.readTree(bytes);
                deliveries.add(new Delivery(exchange.getRequestURI().getPath(), body));
                boolean pagerDuty = exchange.getRequestURI().getPath().startsWith("/pagerduty");
                byte[] answer = (pagerDuty
                        ? "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":"
                        + JSON.writeValueAsString(body.path("dedup_key").asText()) + "}"
                        : "ok").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("content-type", pagerDuty ? "application/json" : "text/plain");
                exchange.sendResponseHeaders(pagerDuty ? 202 : 200, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Delivery> to(String path) {
        return deliveries.stream().filter(d -> d.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
