package io.mercator.events.projection;

import io.mercator.events.Event;
import io.mercator.events.log.file.FileEventLog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Delivers events to a projection the way the service does: appended to a real embedded log and
 * replayed into the projection through {@link ProjectionRunner}, which de-duplicates by event id.
 * For projection tests that show an at-least-once redelivery changes nothing.
 */
public final class Redelivery {

    private Redelivery() {
    }

    /**
     * Appends {@code events}, then {@code again} (a redelivery: events with ids already in the log),
     * to a fresh one-partition log and replays it into the projection through the runner.
     */
    public static void throughTheRunner(Projection projection, List<Event> events, List<Event> again) {
        Path dir;
        try {
            dir = Files.createTempDirectory("redelivery");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (FileEventLog log = FileEventLog.open(dir, FileEventLog.Options.defaults())) {
            List<Event> all = new ArrayList<>(events);
            all.addAll(again);
            log.append(all).toCompletionStage().toCompletableFuture().join();
            ProjectionRunner.replay(log, projection, replayed -> {
            });
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // a temp folder left behind
            }
        }
    }
}
