package io.mercator.vision.service;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lowers the CPU priority (the Linux nice value) of a thread that analyses photos, so that where
 * image analysis shares cores with {@code /feed} and {@code /search} (the embedded default on 2
 * cores) the scheduler serves the answers a buyer waits for first and photo analysis takes what is
 * left. The kernel's fair scheduler still gives every thread its share, so photos slow down under a
 * full feed but are never starved. Threads a lowered thread starts (PyTorch's and ONNX Runtime's)
 * inherit its nice value. Best effort: where there is no per-thread nice value (not Linux), it says
 * so once in the log and changes nothing. Raising a priority needs privileges; lowering one does
 * not.
 */
public final class WorkerPriority {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPriority.class);
    private static final int PRIO_PROCESS = 0;
    private static final ThreadLocal<Integer> SET = new ThreadLocal<>();
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    /** The C library's {@code setpriority(2)}, through JNA (which DJL already loads). */
    private interface LibC extends Library {
        int setpriority(int which, int who, int priority);
    }

    private static volatile LibC libc;

    private WorkerPriority() {
    }

    /**
     * Gives the calling thread the nice value {@code niceness} (1 to 19; 0 leaves it alone) unless it
     * runs lower already, once per thread: later calls on the same thread cost a thread-local read.
     */
    public static void lower(int niceness) {
        if (niceness <= 0 || Integer.valueOf(niceness).equals(SET.get())) {
            return;
        }
        SET.set(niceness);
        try {
            int target = Math.min(19, niceness);
            if (niceness() >= target) {
                return; // already as low or lower: never raised here
            }
            if (lib().setpriority(PRIO_PROCESS, threadId(), target) != 0) {
                warn("setpriority refused (errno " + Native.getLastError() + ")");
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            warn(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The calling thread's kernel id: {@code /proc/thread-self} links to {@code <pid>/task/<tid>}. */
    static int threadId() throws IOException {
        return Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
    }

    /** The calling thread's nice value, as the kernel reports it (field 19 of its stat line). */
    static int niceness() throws IOException {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(after[16]); // fields from the 3rd on: nice is the 19th
    }

    private static LibC lib() {
        LibC l = libc;
        if (l == null) {
            l = Native.load("c", LibC.class);
            libc = l;
        }
        return l;
    }

    private static void warn(String why) {
        if (WARNED.compareAndSet(false, true)) {
            LOG.warn("photo analysis runs at normal CPU priority: its threads' nice value could not be set ({})", why);
        }
    }
}
