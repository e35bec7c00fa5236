package io.mercator.events.log.file;

import io.mercator.events.Event;
import io.mercator.events.TestEvents;
import io.mercator.events.log.AppendAck;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The child process of {@link FileEventLogCrashTest}: appends batches to a file log forever and
 * prints {@code acked <last event id>} after each acknowledgement, until it is killed.
 *
 * <p>Batch {@code b} holds events {@code b<b>-0 .. b<b>-<size-1>}, keyed over a few keys, so the
 * parent knows every event of an acknowledged batch from its number alone.
 */
public final class CrashAppenderMain {

    static final int BATCH_SIZE = 20;
    static final int KEYS = 7;
    static final FileEventLog.Options OPTIONS = new FileEventLog.Options(2, false, 256 * 1024);

    private CrashAppenderMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        PrintStream out = new PrintStream(System.out, false, java.nio.charset.StandardCharsets.UTF_8);
        FileEventLog log = FileEventLog.open(dir, OPTIONS);
        out.println("ready");
        out.flush();
        for (int b = 0; ; b++) {
            List<Event> batch = batch(b);
            AppendAck ack = log.append(batch).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            if (ack.count() != batch.size()) {
                throw new IllegalStateException("short ack " + ack);
            }
            // printed only after the ack: whatever the parent reads here must survive the kill
            out.println("acked " + batch.get(batch.size() - 1).id());
            out.flush();
        }
    }

    static List<Event> batch(int b) {
        List<Event> batch = new ArrayList<>(BATCH_SIZE);
        for (int i = 0; i < BATCH_SIZE; i++) {
            // seq orders events of one key across batches: batch-major, then position
            batch.add(TestEvents.click(id(b, i), "key-" + (i % KEYS), (long) b * BATCH_SIZE + i));
        }
        return batch;
    }

    static String id(int b, int i) {
        return "b" + b + "-" + i;
    }
}
