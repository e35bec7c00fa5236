package io.mercator.service.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.Locale;

/**
 * Progress of one long step, for the command line. On a terminal it redraws one line in place
 * with a carriage return ({@code label [#####.....]  48%  12,345/25,600}); otherwise (output to a
 * file or a pipe, where {@code \r} would leave a mess) it prints a plain line at every tenth of
 * the way. No library: a bar is a few characters.
 *
 * <p>"On a terminal" is {@code System.console() != null} on Java 21; from Java 22 the console
 * exists even when the output is redirected, so {@code Console.isTerminal()} is asked too where
 * the runtime has it (looked up reflectively: the code is compiled for 21).
 */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final String label;
    private final boolean terminal;
    private final long total;
    private int lastShown = -1;

    ProgressBar(PrintWriter out, String label, long total, boolean terminal) {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
        this.terminal = terminal;
    }

    /** A bar on {@code out} (the command's error stream), drawn in place when the process runs on a terminal. */
    static ProgressBar start(PrintWriter out, String label, long total) {
        return new ProgressBar(out, label, total, onTerminal());
    }

    /** {@code done} of the total are done. */
    void update(long done) {
        long d = Math.min(Math.max(0, done), total);
        if (terminal) {
            int permille = (int) (d * 1000 / total);
            if (permille != lastShown) { // redraw only when the figure changes
                lastShown = permille;
                int filled = (int) (d * WIDTH / total);
                out.printf(Locale.ROOT, "\r%s [%s%s] %3d%%  %,d/%,d", label, "#".repeat(filled),
                        ".".repeat(WIDTH - filled), d * 100 / total, d, total);
                out.flush();
            }
        } else {
            int tenth = (int) (d * 10 / total);
            if (tenth != lastShown && tenth > 0) {
                lastShown = tenth;
                out.printf(Locale.ROOT, "%s: %d%% (%,d/%,d)%n", label, tenth * 10, d, total);
            }
        }
    }

    /** Ends the bar with a closing note (for example why it stopped before the total). */
    void finish(String note) {
        if (terminal) {
            out.printf(Locale.ROOT, "\r%s [%s] done%s%n", label, "#".repeat(WIDTH), note.isEmpty() ? "" : ": " + note);
        } else {
            out.printf(Locale.ROOT, "%s: done%s%n", label, note.isEmpty() ? "" : ": " + note);
        }
        out.flush();
    }

    static boolean onTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 21: a console exists only on a terminal
        }
    }
}
