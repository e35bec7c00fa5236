package io.mercator.service.alerts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus or Alertmanager for a test, from the Debian packages {@code prometheus} (2.42)
 * and {@code prometheus-alertmanager} (0.25) that {@code scripts/test.sh} installs: started on a
 * free port of 127.0.0.1 with its storage in a temporary folder, and stopped by its pid.
 */
final class MonitoringProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private MonitoringProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Prometheus with {@code config}; alerts are resent every second, so a resolution travels at once. */
    static MonitoringProcess prometheus(Path config, Path dir) throws Exception {
        int port = freePort();
        return start("prometheus", dir, port, List.of(binary("prometheus", "prometheus"),
                "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port, "--rules.alert.resend-delay=1s", "--log.level=warn"));
    }

    /** Alertmanager with {@code config}, alone (no cluster gossip). */
    static MonitoringProcess alertmanager(Path config, Path dir) throws Exception {
        int port = freePort();
        return start("alertmanager", dir, port, List.of(binary("prometheus-alertmanager", "prometheus-alertmanager"),
                "--config.file=" + config, "--storage.path=" + dir.resolve("am"),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=", "--log.level=warn"));
    }

    /** The binary from the Debian package, or a failure that names the package. */
    static String binary(String name, String debianPackage) {
        for (String dir : List.of("/usr/bin", "/usr/local/bin")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        throw new IllegalStateException(name + " is not installed: install the Debian package " + debianPackage
                + " (scripts/test.sh does)");
    }

    private static MonitoringProcess start(String name, Path dir, int port, List<String> command) throws Exception {
        Files.createDirectories(dir);
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        MonitoringProcess m = new MonitoringProcess(name, p, port, log);
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!m.ready()) {
            if (!p.isAlive() || System.nanoTime() > until) {
                String tail = Files.exists(log) ? Files.readString(log) : "";
                m.close();
                throw new IllegalStateException(name + " did not become ready: " + tail);
            }
            Thread.sleep(100);
        }
        return m;
    }

    private boolean ready() {
        try {
            return get("/-/ready").statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    int port() {
        return port;
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Stops it by pid: SIGTERM, then SIGKILL if it has not gone within 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public String toString() {
        return name + " on 127.0.0.1:" + port;
    }
}
