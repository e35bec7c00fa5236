package io.mercator.bench;

import java.io.IOException;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Mercator command ({@code nlp}, {@code vision}) in a JVM of its own on a fixed port, with the
 * benchmark's classpath, so the chaos benchmark can kill it with SIGKILL and start it again as a
 * supervisor would. Its output goes to {@code <dataDir>.log}.
 */
final class ServiceJvm implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration READY_WITHIN = Duration.ofMinutes(20);

    private final String command;
    private final Path dataDir;
    private final Map<String, String> env;
    private final List<String> args;
    private final int port;
    private Process process;

    private ServiceJvm(String command, Path dataDir, String portVariable, Map<String, String> env, List<String> args)
            throws IOException {
        this.command = command;
        this.dataDir = dataDir.toAbsolutePath();
        this.port = freePort();
        java.util.HashMap<String, String> all = new java.util.HashMap<>(env);
        all.put(portVariable, Integer.toString(port));
        this.env = Map.copyOf(all);
        this.args = List.copyOf(args);
    }

    /**
     * Starts {@code mercator <command>} on {@code dataDir}, listening on a free port it is told
     * through {@code portVariable}; returns once {@code /health/ready} answers 200 (the first start
     * on an empty data directory trains the models: minutes).
     */
    static ServiceJvm start(String command, Path dataDir, String portVariable, Map<String, String> env,
                            List<String> args) throws Exception {
        ServiceJvm s = new ServiceJvm(command, dataDir, portVariable, env, args);
        s.launch();
        return s;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** SIGKILL, and waits until the process is gone. */
    synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** Starts it again on the same port, data directory and settings; returns once ready. */
    synchronized void restart() throws Exception {
        if (process == null) {
            launch();
        }
    }

    private void launch() throws Exception {
        Files.createDirectories(dataDir);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "--enable-native-access=ALL-UNNAMED",
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "io.mercator.service.cli.MercatorCli", command, "--host", "127.0.0.1", "--data-dir", dataDir.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("MERCATOR_"));
        pb.environment().putAll(env);
        process = pb.start();
        long until = System.nanoTime() + READY_WITHIN.toNanos();
        while (readyStatus() != 200) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mercator " + command + " exited with " + process.exitValue()
                        + "; its output is in " + dataDir + ".log");
            }
            if (System.nanoTime() > until) {
                throw new IllegalStateException("mercator " + command + " was not ready within " + READY_WITHIN);
            }
            Thread.sleep(200);
        }
    }

    private int readyStatus() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/health/ready")).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
