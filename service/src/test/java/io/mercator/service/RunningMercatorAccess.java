package io.mercator.service;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** {@link RunningMercator} for tests in sub-packages (it is package-private). */
public final class RunningMercatorAccess implements AutoCloseable {

    private final RunningMercator app;

    private RunningMercatorAccess(RunningMercator app) {
        this.app = app;
    }

    /** A seeded small demo with extra settings, ready. */
    public static RunningMercatorAccess start(Path dataDir, Map<String, String> settings) throws Exception {
        return new RunningMercatorAccess(RunningMercator.start(dataDir, true, settings).awaitReady());
    }

    public HttpResponse<String> get(String path) {
        return app.get(path);
    }

    public HttpResponse<String> post(String path, String contentType, String body) {
        return app.post(path, contentType, body);
    }

    public HttpResponse<String> send(String method, String path, String body, String... headers) {
        return app.send(method, path, body, headers);
    }

    public Mercator mercator() {
        return app.mercator;
    }

    public static void eventually(Duration deadline, BooleanSupplier condition) throws InterruptedException {
        RunningMercator.eventually(deadline, condition);
    }

    @Override
    public void close() {
        app.close();
    }
}
