package io.mercator.bench;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the JVM did besides serving while it was open: the collections it ran, from the collectors'
 * JMX notifications (how many, their longest and total duration, by collector), and the time its
 * JIT compilers spent compiling. With G1, a young or full collection's duration is its pause; the
 * "G1 Concurrent GC" collector reports its remark and cleanup pauses. Printed next to a tail
 * latency, these show whether the slow answers waited for a collection, or for cores the compiler
 * held (on two cores, one C2 compilation of a large method takes a core for a few hundred ms).
 *
 * <p>It also counts the CPU time this process used (service and load generator together: the
 * bench runs both) and, on Linux, the time the hypervisor gave this machine's cores to others
 * ({@code steal} in {@code /proc/stat}). CPU time per answer moves much less between runs than a
 * tail latency does, so it is what tells two versions of the code apart; stolen time says when a
 * run's tail was the host's doing.
 */
final class JvmActivity implements AutoCloseable {

    private record Collection(String collector, long durationMs) {
    }

    private final List<Collection> seen = new ArrayList<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onNotification;
    private final CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
    private final long compilingMsBefore = compilingMs();
    private final long cpuNanosBefore = processCpuNanos();
    private final long stealTicksBefore = stealTicks();

    JvmActivity() {
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (bean instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    private void onNotification(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        synchronized (seen) {
            seen.add(new Collection(info.getGcName(), info.getGcInfo().getDuration()));
        }
    }

    private long compilingMs() {
        return compiler != null && compiler.isCompilationTimeMonitoringSupported() ? compiler.getTotalCompilationTime() : -1;
    }

    /** For example {@code "JIT compiling 2,310 ms; collections: "G1 Young Generation" 4 (max 23 ms, total 71 ms)"}. */
    String summary() {
        long now = compilingMs();
        return (now < 0 ? "JIT compiling not measured" : String.format("JIT compiling %,d ms", now - compilingMsBefore))
                + "; collections: " + collections();
    }

    /** CPU time this process used since it was opened, in ms; -1 where the JVM does not tell. */
    long processCpuMs() {
        long now = processCpuNanos();
        return now < 0 || cpuNanosBefore < 0 ? -1 : (now - cpuNanosBefore) / 1_000_000;
    }

    /** For example {@code "process CPU 1.93 ms per answer; stolen by the host 120 ms"}. */
    String cpu(long answers) {
        long cpuMs = processCpuMs();
        String perAnswer = cpuMs < 0 || answers <= 0 ? "process CPU not measured"
                : String.format("process CPU %.2f ms per answer", (double) cpuMs / answers);
        long steal = stealTicks();
        return perAnswer + (steal < 0 || stealTicksBefore < 0 ? ""
                : String.format("; stolen by the host %,d ms", (steal - stealTicksBefore) * 1000 / TICKS_PER_SECOND));
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /** USER_HZ: the unit of /proc/stat on every Linux architecture the JDK runs on. */
    private static final long TICKS_PER_SECOND = 100;

    /** The machine's steal time in ticks, summed over its cores (the "cpu" line); -1 off Linux. */
    static long stealTicks() {
        try (var lines = java.nio.file.Files.lines(java.nio.file.Path.of("/proc/stat"))) {
            return lines.filter(l -> l.startsWith("cpu ")).findFirst().map(JvmActivity::steal).orElse(-1L);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The eighth number of a /proc/stat cpu line: user nice system idle iowait irq softirq steal. */
    static long steal(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        return f.length > 8 ? Long.parseLong(f[8]) : -1;
    }

    private String collections() {
        Map<String, long[]> byCollector = new TreeMap<>(); // count, max, total
        synchronized (seen) {
            for (Collection c : seen) {
                long[] s = byCollector.computeIfAbsent(c.collector(), k -> new long[3]);
                s[0]++;
                s[1] = Math.max(s[1], c.durationMs());
                s[2] += c.durationMs();
            }
        }
        if (byCollector.isEmpty()) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        byCollector.forEach((name, s) -> sb.append(sb.isEmpty() ? "" : ", ")
                .append(String.format("\"%s\" %d (max %d ms, total %d ms)", name, s[0], s[1], s[2])));
        return sb.toString();
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // never added to this one
            }
        }
    }
}
