package io.mercator.hydration.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} for tests, started as {@code design/infra.md} says: on a free port of
 * 127.0.0.1, daemonized, without persistence, with its pid, log and working files in a temporary
 * directory. It can be stopped (by pid), paused and resumed (SIGSTOP/SIGCONT, to play a server that
 * accepts connections but never answers) and started again on the same port, for fault tests.
 * A JVM shutdown hook stops it if a test forgets to.
 *
 * <p>The binary comes from the Debian package {@code redis-server}; {@code scripts/test.sh}
 * installs it. Without it, {@link #start()} fails naming the package.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final Duration READY_DEADLINE = Duration.ofSeconds(15);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(15);

    private final Path binary;
    private final Path dir;
    private final int port;
    private final Thread shutdownHook;
    private volatile long pid = -1;

    private RedisServerProcess(Path binary, Path dir, int port) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
        this.shutdownHook = new Thread(this::stopQuietly, "redis-server-stop-" + port);
    }

    /** Starts a server on a free port and waits until it answers PING. */
    public static RedisServerProcess start() {
        Path binary = findBinary();
        try {
            Path dir = Files.createTempDirectory("mercator-redis-");
            RedisServerProcess p = new RedisServerProcess(binary, dir, freePort());
            Runtime.getRuntime().addShutdownHook(p.shutdownHook);
            p.launch();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** The connection string for {@code RedisOnlineStore.Options}. */
    public String connectionString() {
        return "redis://127.0.0.1:" + port;
    }

    public boolean running() {
        return pid > 0 && alive(pid);
    }

    /**
     * Whether the process still runs. A killed daemon is nobody's child here, so it stays a zombie
     * until init reaps it (seconds, on this kind of machine): a zombie counts as stopped.
     */
    private static boolean alive(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (Files.isDirectory(Path.of("/proc/self"))) {
            try {
                String s = Files.readString(stat);
                char state = s.charAt(s.lastIndexOf(')') + 2);
                return state != 'Z' && state != 'X';
            } catch (IOException | RuntimeException e) {
                return false; // gone
            }
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Kills the server by pid (SIGTERM, as {@code kill $(cat redis.pid)}) and waits until it is gone. */
    public void stop() {
        long p = pid;
        if (p <= 0) {
            return;
        }
        resume(); // a paused process would only take the SIGTERM once resumed
        signal("TERM");
        long deadline = System.nanoTime() + STOP_DEADLINE.toNanos();
        while (alive(p)) {
            if (System.nanoTime() > deadline) {
                signal("KILL");
                throw new IllegalStateException("redis-server " + p + " did not stop in " + STOP_DEADLINE);
            }
            sleep(10);
        }
        pid = -1;
    }

    /** Starts the server again on the same port (data is gone: it keeps none). */
    public void restart() {
        stop();
        launch();
    }

    /** Freezes the server: connections are still accepted by the kernel, nothing is answered. */
    public void pause() {
        signal("STOP");
    }

    public void resume() {
        signal("CONT");
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook is running or has run
        }
        deleteDir();
    }

    private void launch() {
        Path pidFile = dir.resolve("redis.pid");
        try {
            Files.deleteIfExists(pidFile);
            Process p = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "yes",
                    "--pidfile", pidFile.toString(), "--logfile", dir.resolve("redis.log").toString(),
                    "--dir", dir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("launch.out").toFile())
                    .start();
            // with --daemonize the launched process forks the server and exits at once
            if (!p.waitFor(READY_DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("redis-server did not start: " + readLog());
            }
            long deadline = System.nanoTime() + READY_DEADLINE.toNanos();
            while (!answersPing()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("redis-server on port " + port + " never answered PING: "
                            + readLog());
                }
                sleep(5);
            }
            pid = Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting redis-server", e);
        }
    }

    /** One PING over a plain socket; the pid file is written before the server listens. */
    private boolean answersPing() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            s.setSoTimeout(500);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[7];
            int n = in.readNBytes(buf, 0, buf.length);
            return n == 7 && new String(buf, StandardCharsets.US_ASCII).equals("+PONG\r\n")
                    && Files.exists(dir.resolve("redis.pid"));
        } catch (IOException e) {
            return false;
        }
    }

    private void signal(String name) {
        long p = pid;
        if (p <= 0) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(p)).redirectErrorStream(true).start();
            kill.getInputStream().readAllBytes();
            kill.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException ignored) {
            // best effort on JVM exit
        }
    }

    private String readLog() {
        try {
            Path log = dir.resolve("redis.log");
            Path launch = dir.resolve("launch.out");
            return (Files.exists(launch) ? Files.readString(launch) : "")
                    + (Files.exists(log) ? Files.readString(log) : "(no log)");
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private void deleteDir() {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(files.sorted(Comparator.reverseOrder()).toList());
            for (Path f : all) {
                Files.deleteIfExists(f);
            }
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }

    static Path findBinary() {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                if (!d.isEmpty()) {
                    candidates.add(Path.of(d, "redis-server"));
                }
            }
        }
        candidates.add(Path.of("/usr/bin/redis-server"));
        candidates.add(Path.of("/usr/local/bin/redis-server"));
        for (Path c : candidates) {
            if (Files.isExecutable(c)) {
                return c;
            }
        }
        throw new IllegalStateException("redis-server not found on PATH: install the Debian package redis-server"
                + " (apt-get install -y redis-server; ./mercator test does this)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
