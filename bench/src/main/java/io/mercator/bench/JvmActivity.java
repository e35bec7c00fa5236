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
 * run's tail was the host's doing. The busy time of the whole machine minus this process's is
 * what other processes took from the same cores (a noisy neighbour inside the machine, which
 * steal does not show), and on a machine with a CPU quota (a container, cgroup v1 or v2) the
 * times the quota throttled this process. Either makes the tail of the same code several times
 * longer (README, "Speed").
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
    private final long busyTicksBefore = busyTicks();
    private final long wallNanosBefore = System.nanoTime();
    private final long[] throttledBefore = throttled();

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
        String out = perAnswer + (steal < 0 || stealTicksBefore < 0 ? ""
                : String.format("; stolen by the host %,d ms", (steal - stealTicksBefore) * 1000 / TICKS_PER_SECOND));
        long busy = busyTicks();
        double seconds = (System.nanoTime() - wallNanosBefore) / 1e9;
        if (busy >= 0 && busyTicksBefore >= 0 && cpuMs >= 0 && seconds > 0) {
            double othersMs = Math.max(0, (busy - busyTicksBefore) * 1000.0 / TICKS_PER_SECOND - cpuMs);
            out += String.format("; other processes %.2f cores", othersMs / 1000 / seconds);
        }
        long[] throttled = throttled();
        if (throttled != null && throttledBefore != null) {
            out += String.format("; CPU quota throttled %,d times for %,d ms", throttled[0] - throttledBefore[0],
                    (throttled[1] - throttledBefore[1]) / 1_000_000);
        }
        return out;
    }

    /** Busy ticks of the whole machine: the "cpu" line of /proc/stat less idle and iowait; -1 off Linux. */
    static long busyTicks() {
        try (var lines = java.nio.file.Files.lines(java.nio.file.Path.of("/proc/stat"))) {
            return lines.filter(l -> l.startsWith("cpu ")).findFirst().map(JvmActivity::busy).orElse(-1L);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    /** user nice system idle iowait irq softirq steal: all but idle, iowait and steal. */
    static long busy(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        if (f.length < 8) {
            return -1;
        }
        long sum = 0;
        for (int i = 1; i <= 7; i++) {
            if (i != 4 && i != 5) {
                sum += Long.parseLong(f[i]);
            }
        }
        return sum;
    }

    /**
     * How often and for how long (ns) this process's cgroup was throttled by a CPU quota: cgroup v2
     * {@code nr_throttled} and {@code throttled_usec}, or v1 {@code nr_throttled} and
     * {@code throttled_time}; null where there is no quota file.
     */
    static long[] throttled() {
        for (java.nio.file.Path p : cpuStatFiles()) {
            if (!java.nio.file.Files.isReadable(p)) {
                continue;
            }
            try {
                return throttledIn(java.nio.file.Files.readAllLines(p));
            } catch (java.io.IOException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }

    /** This process's cgroup's cpu.stat, from /proc/self/cgroup: the cpu controller's (v1) or the unified one (v2). */
    private static java.util.List<java.nio.file.Path> cpuStatFiles() {
        java.util.List<java.nio.file.Path> out = new java.util.ArrayList<>();
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/cgroup"))) {
                String[] f = line.split(":", 3);
                if (f.length < 3) {
                    continue;
                }
                String rel = f[2].startsWith("/") ? f[2].substring(1) : f[2];
                if (java.util.List.of(f[1].split(",")).contains("cpu")) {
                    out.add(java.nio.file.Path.of("/sys/fs/cgroup", f[1], rel, "cpu.stat"));
                } else if (f[1].isEmpty()) {
                    out.add(java.nio.file.Path.of("/sys/fs/cgroup", rel, "cpu.stat"));
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or no cgroups: nothing to say
        }
        return out;
    }

    static long[] throttledIn(java.util.List<String> cpuStat) {
        long count = -1;
        long nanos = -1;
        for (String line : cpuStat) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 2) {
                continue;
            }
            switch (f[0]) {
                case "nr_throttled" -> count = Long.parseLong(f[1]);
                case "throttled_usec" -> nanos = Long.parseLong(f[1]) * 1000;
                case "throttled_time" -> nanos = Long.parseLong(f[1]);
                default -> {
                    // other counters
                }
            }
        }
        return count < 0 || nanos < 0 ? null : new long[] {count, nanos};
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
