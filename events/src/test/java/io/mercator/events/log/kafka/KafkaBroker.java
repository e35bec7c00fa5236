package io.mercator.events.log.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node Kafka (KRaft, broker and controller in one) running inside the test JVM, on
 * free ports of 127.0.0.1 and a temporary log directory. {@link #shared()} starts one per JVM for
 * every Kafka test class of the module; fault tests {@link #stop()} and {@link #restart()} it on
 * the same ports and directory, so clients that knew it find it again with its data.
 */
public final class KafkaBroker {

    private static KafkaBroker shared;

    private final Path dir;
    private final int brokerPort;
    private final int controllerPort;
    private final Map<String, Object> config;
    private KafkaRaftServer server;

    private KafkaBroker(Path dir, int brokerPort, int controllerPort) {
        this.dir = dir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.config = config();
    }

    /**
     * The broker of this JVM, started on first use and stopped (its directory removed) when the
     * JVM exits. If a fault test left it stopped, it is started again.
     */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            KafkaBroker b = create();
            b.format();
            b.startServer();
            Runtime.getRuntime().addShutdownHook(new Thread(b::destroy, "kafka-test-broker-shutdown"));
            shared = b;
        } else if (!shared.isRunning()) {
            shared.restart();
        }
        return shared;
    }

    private static KafkaBroker create() {
        try {
            Path dir = Files.createTempDirectory("mercator-kafka-");
            return new KafkaBroker(dir, freePort(), freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code host:port} for clients. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Shuts the broker down cleanly (what was acknowledged is flushed) and waits until it is down. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    /** Starts the broker again on the same ports and log directory. */
    public synchronized void restart() {
        if (server == null) {
            startServer();
        }
    }

    // ------------------------------------------------------------------ setup

    /**
     * Settings of a one-node cluster: the internal topics cannot have more replicas than there are
     * brokers, and a new group should not wait for more members before its first rebalance.
     */
    private Map<String, Object> config() {
        Map<String, Object> c = new HashMap<>();
        c.put("process.roles", "broker,controller");
        c.put("node.id", "1");
        c.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        c.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        c.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        c.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        c.put("controller.listener.names", "CONTROLLER");
        c.put("inter.broker.listener.name", "PLAINTEXT");
        c.put("log.dirs", dir.resolve("data").toString());
        c.put("offsets.topic.replication.factor", "1");
        c.put("offsets.topic.num.partitions", "4");
        c.put("transaction.state.log.replication.factor", "1");
        c.put("transaction.state.log.min.isr", "1");
        c.put("share.coordinator.state.topic.replication.factor", "1");
        c.put("share.coordinator.state.topic.min.isr", "1");
        c.put("group.initial.rebalance.delay.ms", "0");
        c.put("num.partitions", "1");
        // the log under test must create its topics itself
        c.put("auto.create.topics.enable", "false");
        return c;
    }

    /** A broker on the given directory and ports, not started: for {@link KafkaBrokerProcess}. */
    static KafkaBroker at(Path dir, int brokerPort, int controllerPort) {
        return new KafkaBroker(dir, brokerPort, controllerPort);
    }

    void format() {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .addDirectory(dir.resolve("data").toString())
                    .setMetadataLogDirectory(dir.resolve("data").toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the test broker's storage in " + dir, e);
        }
    }

    void startServer() {
        KafkaRaftServer s = new KafkaRaftServer(new KafkaConfig(config), Time.SYSTEM);
        s.startup();
        server = s;
        awaitReady();
    }

    private void awaitReady() {
        awaitReady(bootstrapServers());
    }

    /** startup() can return before the broker answers clients; a cluster description proves it does. */
    static void awaitReady(String bootstrapServers) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers,
                "request.timeout.ms", "2000", "default.api.timeout.ms", "4000"))) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("test broker did not become ready on " + bootstrapServers, e);
                    }
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void destroy() {
        try {
            stop();
        } catch (RuntimeException ignored) {
            // the JVM is going away; the directory is removed below either way
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
