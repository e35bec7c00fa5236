package io.mercator.events.log.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka (KRaft) in a JVM of its own, so a test can kill it with SIGKILL: no
 * shutdown hook runs, nothing is flushed, as when the machine's OOM killer or an operator's
 * {@code kill -9} strikes. It restarts on the same ports and log directory. The child runs
 * {@link #main} with the test's own classpath (Kafka's server classes are test dependencies).
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private final Path dir;
    private final int brokerPort;
    private final int controllerPort;
    private Process process;

    private KafkaBrokerProcess(Path dir, int brokerPort, int controllerPort) {
        this.dir = dir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
    }

    /** Formats a fresh log directory and starts the broker; returns once it answers clients. */
    public static KafkaBrokerProcess start() {
        try {
            KafkaBrokerProcess p = new KafkaBrokerProcess(Files.createTempDirectory("mercator-kafka-process-"),
                    KafkaBroker.freePort(), KafkaBroker.freePort());
            p.launch(true);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** SIGKILL, and waits until the process is gone. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly(); // SIGKILL on Linux
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Starts the broker again on the same ports and log directory (recovering what the kill left). */
    public synchronized void restart() {
        if (process == null) {
            launch(false);
        }
    }

    private synchronized void launch(boolean format) {
        String java = ProcessHandle.current().info().command().orElse("java");
        try {
            process = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                    KafkaBrokerProcess.class.getName(), dir.toString(), Integer.toString(brokerPort),
                    Integer.toString(controllerPort), Boolean.toString(format)))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KafkaBroker.awaitReady(bootstrapServers());
    }

    @Override
    public void close() {
        kill();
    }

    /** The child: {@code dir brokerPort controllerPort format}; runs until killed. */
    public static void main(String[] args) throws Exception {
        KafkaBroker broker = KafkaBroker.at(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        if (Boolean.parseBoolean(args[3])) {
            broker.format();
        }
        broker.startServer();
        Thread.currentThread().join();
    }
}
