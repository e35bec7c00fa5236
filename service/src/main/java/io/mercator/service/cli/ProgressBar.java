package io.mercator.service.cli;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;

/**
 * Progress of one long step on the command line, drawn by the progressbar library: in place on a
 * terminal, and as a plain line every few seconds elsewhere (output to a file or a pipe, where a
 * carriage return would leave a mess).
 *
 * <p>"On a terminal" is {@code System.console() != null} on Java 21; from Java 22 the console
 * exists even when the output is redirected, so {@code Console.isTerminal()} is asked too where
 * the runtime has it (looked up reflectively: the code is compiled for 21).
 */
final class ProgressBar implements AutoCloseable {

    /** How often a plain line is printed when not on a terminal. */
    static final int PLAIN_LINE_EVERY_MS = 2_000;

    private final me.tongfei.progressbar.ProgressBar bar;
    private boolean closed;

    private ProgressBar(me.tongfei.progressbar.ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar for {@code total} steps on {@code out} (the command's error stream) or, on a terminal, the console. */
    static ProgressBar start(PrintWriter out, String label, long total) {
        return start(out, label, total, onTerminal(), PLAIN_LINE_EVERY_MS);
    }

    static ProgressBar start(PrintWriter out, String label, long total, boolean terminal, int plainEveryMs) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(label).setInitialMax(Math.max(1, total));
        if (!terminal) {
            b.setConsumer(new DelegatingProgressBarConsumer(line -> {
                out.println(line);
                out.flush();
            })).setUpdateIntervalMillis(plainEveryMs);
        }
        return new ProgressBar(b.build());
    }

    /** {@code done} of the total are done. */
    void update(long done) {
        bar.stepTo(done);
    }

    /** Ends the bar after {@code done} steps, fewer than planned (early stopping), as complete. */
    void finishEarly(long done, String note) {
        bar.maxHint(Math.max(1, done));
        bar.stepTo(done);
        finish(note);
    }

    /** Ends the bar, showing a closing note. */
    void finish(String note) {
        bar.setExtraMessage(note);
        close();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            bar.close();
        }
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
