package io.mercator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A server process the backends benchmark starts on 127.0.0.1 for itself (redis-server, a
 * single-node Elasticsearch), in a temporary folder, and stops by pid when done. Nothing is
 * persisted: each run starts from empty servers and fills them from the same log.
 */
final class ExternalServer implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofMinutes(3);

    private final String name;
    private volatile long pid;
    private final int port;
    private final Path dir;
    /** How it was launched, its pid file and readiness: what a restart does again. */
    private final List<String> command;
    private final Path pidFile;
    private final Predicate<ExternalServer> ready;

    private ExternalServer(String name, int port, Path dir, List<String> command, Path pidFile, Predicate<ExternalServer> ready) {
        this.name = name;
        this.port = port;
        this.dir = dir;
        this.command = List.copyOf(command);
        this.pidFile = pidFile;
        this.ready = ready;
    }

    /** Launches it (again), waits for its pid file and readiness. */
    private ExternalServer launchAndAwait() throws Exception {
        Files.deleteIfExists(pidFile);
        launch(command, dir);
        awaitFile(pidFile);
        pid = readPid(pidFile);
        await(name, () -> ready.test(this));
        return this;
    }

    /** SIGKILL, as the OOM killer or a lost machine stops it: no flush, no goodbye. Waits until it is gone. */
    void kill() throws Exception {
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroyForcibly();
            try {
                h.onExit().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(name + " did not die", e);
            }
        });
    }

    /** Starts it again on the same port and files; returns once it answers. */
    void restart() throws Exception {
        launchAndAwait();
    }

    int port() {
        return port;
    }

    /** redis-server from PATH, as installed by the Debian package, without persistence. */
    static ExternalServer redis() throws Exception {
        return redis(false);
    }

    /**
     * redis-server from PATH; {@code durable}: an append-only file, as a production Redis holding
     * features keeps one. Redis writes it before it answers and fsyncs it each second: a killed
     * process loses nothing it acknowledged (a lost machine, up to a second).
     */
    static ExternalServer redis(boolean durable) throws Exception {
        Path dir = Files.createTempDirectory("mercator-bench-redis-");
        int port = freePort();
        Path pidFile = dir.resolve("redis.pid");
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--daemonize", "yes", "--pidfile", pidFile.toString(),
                "--logfile", dir.resolve("redis.log").toString(), "--dir", dir.toString()));
        command.addAll(durable ? List.of("--appendonly", "yes", "--appendfsync", "everysec") : List.of("--appendonly", "no"));
        // ready once it answers PING: a restarted Redis accepts connections while it still loads its
        // append-only file, and answers every command with LOADING until it is done
        return new ExternalServer("redis-server", port, dir, command, pidFile, ExternalServer::answersPing).launchAndAwait();
    }

    /**
     * Elasticsearch from the distribution the recall module's build unpacks, heap 512 MiB, security
     * off, bound to 127.0.0.1. Elasticsearch refuses to run as root: as root it runs as {@code user}.
     */
    static ExternalServer elasticsearch(Path home, String user) throws Exception {
        if (!Files.isRegularFile(home.resolve("bin/elasticsearch"))) {
            throw new IllegalStateException("no Elasticsearch distribution at " + home
                    + ": run `mvn -pl recall generate-test-resources` (or the tests) first, or pass --es-home");
        }
        Path dir = Files.createTempDirectory("mercator-bench-es-");
        int port = freePort();
        Path conf = dir.resolve("config");
        try (Stream<Path> files = Files.list(home.resolve("config"))) {
            Files.createDirectories(conf);
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, conf.resolve(f.getFileName()));
                }
            }
        }
        Files.writeString(conf.resolve("elasticsearch.yml"), String.join("\n",
                "discovery.type: single-node", "xpack.security.enabled: false", "network.host: 127.0.0.1",
                "http.port: " + port, "transport.port: " + freePort(), "path.data: " + dir.resolve("data"),
                "path.logs: " + dir.resolve("logs"), "cluster.routing.allocation.disk.threshold_enabled: false", ""));
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> command = new ArrayList<>();
        if (root) {
            if (run(List.of("id", "-u", user)) != 0
                    && run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user)) != 0) {
                throw new IllegalStateException("cannot create the system user " + user + " to run Elasticsearch as");
            }
            run(List.of("chown", "-R", user + ":", dir.toString()));
            command.addAll(List.of("runuser", "-u", user, "--"));
        }
        Path pidFile = dir.resolve("es.pid");
        command.addAll(List.of("env", "-u", "JAVA_HOME", "ES_JAVA_HOME=" + System.getProperty("java.home"),
                "ES_JAVA_OPTS=-Xms512m -Xmx512m", "ES_PATH_CONF=" + conf,
                home.resolve("bin/elasticsearch").toString(), "-d", "-p", pidFile.toString()));
        return new ExternalServer("elasticsearch", port, dir, command, pidFile, ExternalServer::yellow).launchAndAwait();
    }

    private boolean answersPing() {
        try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(2_000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] answer = new byte[7];
            int n = socket.getInputStream().read(answer);
            return n >= 5 && new String(answer, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private boolean yellow() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void launch(List<String> command, Path dir) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("launch.out").toFile()).start();
        // both servers daemonize: the launcher returns once the server is up (or failed)
        if (!p.waitFor(READY_WITHIN.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not start: "
                    + Files.readString(dir.resolve("launch.out"), StandardCharsets.UTF_8));
        }
    }

    private static void awaitFile(Path f) throws InterruptedException {
        await("pid file " + f, () -> Files.exists(f));
    }

    private static void await(String what, BooleanSupplier ready) throws InterruptedException {
        long until = System.nanoTime() + READY_WITHIN.toNanos();
        while (!ready.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException(what + " not ready within " + READY_WITHIN);
            }
            Thread.sleep(100);
        }
    }

    private static long readPid(Path f) {
        try {
            return Long.parseLong(Files.readString(f).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int run(List<String> command) throws Exception {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Stops the server by its pid and waits for it to exit. */
    @Override
    public void close() {
        ProcessHandle.of(pid).ifPresent(h -> {
            h.destroy();
            try {
                h.onExit().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        });
        System.out.printf("%s stopped (files in %s)%n", name, dir);
    }
}
