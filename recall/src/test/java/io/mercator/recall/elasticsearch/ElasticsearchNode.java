package io.mercator.recall.elasticsearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node Elasticsearch for the tests, started from the integ-test distribution that
 * Maven unpacks under {@code target/elasticsearch} (property {@code mercator.es.home}).
 *
 * <p>One node per test JVM ({@link #shared()}): starting one takes seconds and half a gigabyte, so
 * test classes share it and isolate themselves with their own index names. The node lives in a
 * fresh temporary folder (config copy with random ports, data, logs) and is stopped by its PID at
 * the end of the JVM. {@link #stop()} and {@link #start()} exist for fault tests: the node comes back
 * on the same ports with the same data.
 *
 * <p>Why the user switch: Elasticsearch refuses to run as root. Run as root, the helper creates the
 * system user {@value #ES_USER} if missing and starts the node through {@code runuser}; run as
 * anyone else, it starts the node as that user. When that user cannot read the unpacked
 * distribution (a checkout under a private home folder), the distribution is copied into the
 * temporary folder first.
 */
public final class ElasticsearchNode {

    static final String ES_USER = "esci";
    private static final String VERSION = "8.19.21";
    private static final Duration READY_WITHIN = Duration.ofSeconds(120);
    private static final Duration STOP_WITHIN = Duration.ofSeconds(30);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ElasticsearchNode.class);

    private static ElasticsearchNode shared;
    private static RuntimeException sharedFailure;

    private final Path home;
    private final Path runDir;
    private final int httpPort;
    private final boolean asRoot;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ProcessHandle process;
    private Duration lastStartTook;

    private ElasticsearchNode(Path home, Path runDir, int httpPort, boolean asRoot) {
        this.home = home;
        this.runDir = runDir;
        this.httpPort = httpPort;
        this.asRoot = asRoot;
    }

    /** The JVM's node, started on first use and stopped when the JVM exits. */
    public static synchronized ElasticsearchNode shared() {
        if (sharedFailure != null) {
            throw sharedFailure; // one failed start per JVM is enough; do not retry it for every test
        }
        if (shared == null) {
            try {
                ElasticsearchNode node = prepare();
                Runtime.getRuntime().addShutdownHook(new Thread(node::stopAndClean, "elasticsearch-node-stop"));
                node.start();
                shared = node;
            } catch (RuntimeException e) {
                sharedFailure = e;
                throw e;
            }
        }
        return shared;
    }

    /** {@code http://127.0.0.1:port} */
    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** How long the last {@link #start()} took until the cluster was yellow. */
    public Duration lastStartTook() {
        return lastStartTook;
    }

    private static ElasticsearchNode prepare() {
        try {
            boolean asRoot = "root".equals(System.getProperty("user.name"));
            if (asRoot) {
                ensureUser();
            }
            Path runDir = Files.createTempDirectory("mercator-es-");
            Path home = findHome();
            if (asRoot && !readableBy(ES_USER, home)) {
                Path copy = runDir.resolve("home");
                copyTree(home, copy);
                home = copy;
            }
            makeScriptsExecutable(home);
            int httpPort = freePort();
            int transportPort = freePort();
            Path conf = runDir.resolve("config");
            copyTree(home.resolve("config"), conf);
            Files.writeString(conf.resolve("elasticsearch.yml"), String.join("\n",
                    "cluster.name: mercator-test",
                    "node.name: mercator-test-node",
                    "discovery.type: single-node",
                    "xpack.security.enabled: false",
                    "network.host: 127.0.0.1",
                    "http.port: " + httpPort,
                    "transport.port: " + transportPort,
                    "path.data: " + runDir.resolve("data"),
                    "path.logs: " + runDir.resolve("logs"),
                    // a nearly full shared disk must not flip test indexes to read-only
                    "cluster.routing.allocation.disk.threshold_enabled: false",
                    ""), StandardCharsets.UTF_8);
            Files.createDirectories(runDir.resolve("data"));
            Files.createDirectories(runDir.resolve("logs"));
            if (asRoot) {
                run(List.of("chown", "-R", ES_USER + ":", runDir.toString()));
            }
            return new ElasticsearchNode(home, runDir, httpPort, asRoot);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the node (same ports and data as before) and waits until the cluster is yellow. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        long began = System.nanoTime();
        Path pidFile = runDir.resolve("es.pid");
        try {
            Files.deleteIfExists(pidFile);
            List<String> command = new ArrayList<>();
            if (asRoot) {
                command.addAll(List.of("runuser", "-u", ES_USER, "--"));
            }
            command.addAll(List.of("env", "-u", "JAVA_HOME",
                    "ES_JAVA_HOME=" + System.getProperty("java.home"),
                    "ES_JAVA_OPTS=-Xms512m -Xmx512m",
                    "ES_PATH_CONF=" + runDir.resolve("config"),
                    home.resolve("bin/elasticsearch").toString(), "-d", "-p", pidFile.toString()));
            Process launcher = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(runDir.resolve("launcher.out").toFile())
                    .start();
            // with -d the launcher returns once the node has started (or failed to)
            if (!launcher.waitFor(READY_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
                launcher.destroyForcibly();
                throw new IllegalStateException("Elasticsearch launcher did not return; " + diagnostics());
            }
            if (launcher.exitValue() != 0 || !Files.exists(pidFile)) {
                throw new IllegalStateException("Elasticsearch did not start (exit " + launcher.exitValue() + "); "
                        + diagnostics());
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            process = ProcessHandle.of(pid).orElseThrow(() ->
                    new IllegalStateException("Elasticsearch exited right after start; " + diagnostics()));
            awaitYellow();
            lastStartTook = Duration.ofNanos(System.nanoTime() - began);
            LOG.info("Elasticsearch {} ready at {} in {} ms", VERSION, url(), lastStartTook.toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the node by its PID and waits for it to exit; a later {@link #start()} brings it back. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        ProcessHandle p = process;
        process = null;
        p.destroy(); // SIGTERM: Elasticsearch shuts down cleanly, keeping the data for a restart
        try {
            p.onExit().get(STOP_WITHIN.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            p.onExit().join();
        }
    }

    /** At JVM exit: stop the node, then remove its temporary folder (config, data, logs). */
    private void stopAndClean() {
        try {
            stop();
            try (Stream<Path> all = Files.walk(runDir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (RuntimeException | IOException e) {
            LOG.warn("could not stop Elasticsearch or remove {}: {}", runDir, e.toString());
        }
    }

    private void awaitYellow() throws InterruptedException {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        HttpRequest health = HttpRequest.newBuilder(URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=5s"))
                .timeout(Duration.ofSeconds(10)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Elasticsearch died while starting; " + diagnostics());
            }
            try {
                HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the HTTP port opens late in the start
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Elasticsearch not yellow within " + READY_WITHIN + "; " + diagnostics());
    }

    private String diagnostics() {
        StringBuilder out = new StringBuilder("launcher output and log tail in " + runDir + ":\n");
        for (Path p : List.of(runDir.resolve("launcher.out"), runDir.resolve("logs/mercator-test.log"))) {
            try {
                List<String> lines = Files.readAllLines(p);
                lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> out.append(l).append('\n'));
            } catch (IOException ignored) {
                // a missing file says enough
            }
        }
        return out.toString();
    }

    private static Path findHome() {
        Path home = Optional.ofNullable(System.getProperty("mercator.es.home")).filter(s -> !s.isBlank()).map(Path::of)
                .orElse(Path.of("target/elasticsearch/elasticsearch-" + VERSION));
        if (!Files.isRegularFile(home.resolve("bin/elasticsearch"))) {
            throw new IllegalStateException("No Elasticsearch distribution at " + home.toAbsolutePath()
                    + ": run the tests through Maven (it unpacks org.elasticsearch.distribution.integ-test-zip:elasticsearch:"
                    + VERSION + ":zip in generate-test-resources) or set -Dmercator.es.home");
        }
        return home.toAbsolutePath();
    }

    private static void ensureUser() {
        try {
            if (run(List.of("id", "-u", ES_USER)) != 0
                    && run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", ES_USER)) != 0) {
                throw new IllegalStateException("could not create the system user " + ES_USER);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean readableBy(String user, Path home) throws IOException {
        return run(List.of("runuser", "-u", user, "--", "test", "-r", home.resolve("lib").toString())) == 0;
    }

    private static void makeScriptsExecutable(Path home) throws IOException {
        try (Stream<Path> bin = Files.list(home.resolve("bin"))) {
            bin.forEach(p -> p.toFile().setExecutable(true, false));
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static int run(List<String> command) throws IOException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
