package io.mercator.release;

import io.mercator.events.Event;
import io.mercator.events.log.LogRecord;
import io.mercator.events.log.file.FileEventLog;
import io.mercator.events.projection.Projection;
import io.mercator.events.projection.ProjectionRunner;
import io.vertx.core.Future;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A real file event log for the release tests, and what it holds. */
public final class ReleaseLog implements AutoCloseable {

    public final FileEventLog log;

    public ReleaseLog(Path dir) {
        this.log = FileEventLog.open(dir, FileEventLog.Options.defaults());
    }

    /** Every event in the log now, in order. */
    public List<Event> events() {
        List<Event> out = new ArrayList<>();
        ProjectionRunner.replay(log, new Projection() {
            @Override
            public String id() {
                return "release-test";
            }

            @Override
            public Future<Void> apply(List<LogRecord> batch) {
                batch.forEach(r -> out.add(r.event()));
                return Future.succeededFuture();
            }
        }, n -> {
        });
        return out;
    }

    /** The {@code model.*} events in the log now, in order. */
    public List<Event> modelEvents() {
        return events().stream().filter(e -> e.type().family() == io.mercator.events.EventFamily.MODEL).toList();
    }

    /** The actions of the {@code model.release} events in the log now, in order. */
    public List<String> releaseActions() {
        return modelEvents().stream().filter(e -> e.data() instanceof io.mercator.events.payload.ModelPayload.ReleaseChanged)
                .map(e -> ((io.mercator.events.payload.ModelPayload.ReleaseChanged) e.data()).action()).toList();
    }

    /** The shadow answers in the log now, in order. */
    public List<io.mercator.events.payload.ModelPayload.ShadowScored> shadowScored() {
        return modelEvents().stream().filter(e -> e.data() instanceof io.mercator.events.payload.ModelPayload.ShadowScored)
                .map(e -> (io.mercator.events.payload.ModelPayload.ShadowScored) e.data()).toList();
    }

    @Override
    public void close() {
        log.close();
    }
}
