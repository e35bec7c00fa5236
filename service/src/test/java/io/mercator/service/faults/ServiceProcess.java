package io.mercator.service.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Mercator in a JVM of its own ({@code mercator serve}, with the test's classpath), so a test can
 * kill it with SIGKILL: no shutdown hook, no flush, no goodbye to Kafka's group coordinator. It
 * starts again on the same data directory and settings (a new port), as a supervisor would.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path dataDir;
    private final Map<String, String> env;
    private Process process;
    private int port;

    private ServiceProcess(Path dataDir, Map<String, String> env) {
        this.dataDir = dataDir;
        this.env = Map.copyOf(env);
    }

    /** Starts {@code mercator serve} on {@code dataDir} with {@code MERCATOR_*} settings; returns once it is ready. */
    public static ServiceProcess start(Path dataDir, Map<String, String> env) throws Exception {
        ServiceProcess s = new ServiceProcess(dataDir, env);
        s.launch();
        return s;
    }

    public int port() {
        return port;
    }

    /** SIGKILL, and waits until the process is gone. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly(); // SIGKILL on Linux
            process.waitFor(30, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** Starts it again on the same data directory and settings; returns once it is ready. */
    public void restart() throws Exception {
        if (process == null) {
            launch();
        }
    }

    private void launch() throws Exception {
        port = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "--enable-native-access=ALL-UNNAMED",
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "io.mercator.service.cli.MercatorCli", "serve", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--data-dir", dataDir.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("MERCATOR_"));
        pb.environment().putAll(env);
        process = pb.start();
        long until = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (status("/health/ready") != 200) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mercator serve exited with " + process.exitValue()
                        + "; its output is in " + dataDir.resolveSibling(dataDir.getFileName() + ".log"));
            }
            if (System.nanoTime() > until) {
                throw new IllegalStateException("mercator serve was not ready within 180 s");
            }
            Thread.sleep(200);
        }
    }

    private int status(String path) {
        try {
            return get(path).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
