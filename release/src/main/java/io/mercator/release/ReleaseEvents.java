package io.mercator.release;

import io.mercator.events.Event;
import io.mercator.events.log.EventLog;
import io.mercator.events.payload.ModelPayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes releases to the event log, keyed by model kind: every transition
 * ({@code model.release}), and the shadow's answers beside the champion's
 * ({@code model.shadow_scored}).
 *
 * <p>A transition is written before it takes effect, and waited for: when the log cannot take it,
 * the transition does not happen (the caller answers an error). Shadow answers are written without
 * waiting; one that the log refuses is counted and dropped, because it is an observation, not a fact
 * the service's state is built from.
 */
public final class ReleaseEvents {

    private static final Logger LOG = LoggerFactory.getLogger(ReleaseEvents.class);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final EventLog log;
    private final Clock clock;
    private final AtomicLong shadowDropped = new AtomicLong();

    public ReleaseEvents(EventLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** Appends a transition and waits for the log's acknowledgement. Blocking: call it on a worker. */
    public void changed(String kind, ModelPayload.ReleaseChanged change) {
        Event e = Event.of("release:" + kind + ":" + change.action() + ":" + UUID.randomUUID(), clock.millis(), kind, change);
        try {
            log.append(List.of(e)).toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the release event", ie);
        } catch (Exception failed) {
            throw new ReleaseNotRecorded(kind, change.action(), failed);
        }
        LOG.atInfo().addKeyValue("kind", kind).addKeyValue("action", change.action())
                .addKeyValue("mode", change.mode()).addKeyValue("champion", change.champion())
                .addKeyValue("candidate", change.candidate()).addKeyValue("live", change.live())
                .log("model release");
    }

    /** Appends a shadow answer without waiting; its id names the request and both versions, so redelivery repeats it. */
    public void shadowScored(String kind, ModelPayload.ShadowScored scored) {
        Event e = Event.of("shadow:" + kind + ":" + scored.candidate() + ":" + scored.requestId(), clock.millis(), kind,
                scored);
        log.append(List.of(e)).onFailure(err -> {
            shadowDropped.incrementAndGet();
            LOG.atDebug().addKeyValue("kind", kind).log("shadow answer not written: " + err.getMessage());
        });
    }

    /** Shadow answers the log refused since start. */
    public long shadowDropped() {
        return shadowDropped.get();
    }

    /** The log could not take a transition, so it did not happen. */
    public static final class ReleaseNotRecorded extends RuntimeException {
        public ReleaseNotRecorded(String kind, String action, Throwable cause) {
            super("the " + kind + " release's " + action + " could not be written to the event log, so it did not happen: "
                    + cause.getMessage(), cause);
        }
    }
}
