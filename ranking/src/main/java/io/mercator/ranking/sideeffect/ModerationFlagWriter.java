package io.mercator.ranking.sideeffect;

import io.mercator.events.Event;
import io.mercator.events.log.EventLog;
import io.mercator.events.payload.ModerationPayload;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.pipeline.ComponentSpec;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends listings the selectors marked for review (a borderline fraud risk) to the moderation queue as
 * {@code moderation.flagged} events. A popular listing is ranked thousands of times an hour, so
 * each listing is flagged at most once per period (an hour by default): remembered here per
 * instance, and the event id carries the period so copies from other instances are de-duplicated
 * by the log's readers.
 */
public final class ModerationFlagWriter implements SideEffect {

    public static final ComponentSpec SPEC = ComponentSpec.failOpen("moderation-flags", Duration.ofSeconds(2),
            "count-and-drop");
    public static final String SOURCE = "ranking-fraud-check";
    public static final String KIND = "fraud";

    /** Beyond this many remembered listings, entries older than a period are swept. */
    private static final int SWEEP_ABOVE = 100_000;

    private final EventLog log;
    private final long periodMillis;
    private final ConcurrentHashMap<String, Long> flaggedAt = new ConcurrentHashMap<>();

    /** @param period a listing is flagged at most once per period */
    public ModerationFlagWriter(EventLog log, Duration period) {
        this.log = log;
        this.periodMillis = period.toMillis();
    }

    @Override
    public Future<Void> apply(Served served) {
        long now = served.query().nowMillis();
        long period = Math.floorDiv(now, periodMillis);
        List<Event> events = new ArrayList<>();
        for (Candidate c : served.selected()) {
            if (!c.forReview()) {
                continue;
            }
            Long last = flaggedAt.get(c.listingId());
            if (last != null && now - last < periodMillis) {
                continue;
            }
            if (last == null ? flaggedAt.putIfAbsent(c.listingId(), now) != null
                    : !flaggedAt.replace(c.listingId(), last, now)) {
                continue; // another request flagged it a moment ago
            }
            events.add(Event.of("flag:" + c.listingId() + ":" + period, now, c.listingId(),
                    new ModerationPayload.Flagged(String.join(",", c.fraudRisk().reasons()), c.fraudRisk().score(),
                            SOURCE, KIND, Map.of("signals", c.fraudRisk().signals()))));
        }
        if (flaggedAt.size() > SWEEP_ABOVE) {
            flaggedAt.values().removeIf(at -> now - at >= periodMillis);
        }
        if (events.isEmpty()) {
            return Future.succeededFuture();
        }
        // not written: forget them, so the next request that ranks them flags them again
        return log.append(events).onFailure(e -> events.forEach(ev -> flaggedAt.remove(ev.key(), now))).mapEmpty();
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }
}
