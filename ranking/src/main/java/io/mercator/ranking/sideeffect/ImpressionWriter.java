package io.mercator.ranking.sideeffect;

import io.mercator.events.Event;
import io.mercator.events.log.EventLog;
import io.mercator.events.payload.InteractionPayload;
import io.mercator.ranking.RankingResult;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.pipeline.ComponentId;
import io.mercator.ranking.pipeline.FailurePolicy;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One impression event per served item, in one append: request id, surface, query, position,
 * model version, device, and the feature row exactly as the models saw it, so a training set built
 * from the log is point-in-time correct without re-deriving features. Event ids are derived from
 * the request id and position, so a retried append is de-duplicated downstream. Anonymous
 * visitors are keyed by request id (the log needs a key; their impressions still count for
 * popularity).
 */
public final class ImpressionWriter implements SideEffect {

    public static final ComponentId ID = ComponentId.of("impressions");

    private final EventLog log;

    public ImpressionWriter(EventLog log) {
        this.log = log;
    }

    @Override
    public Future<Void> apply(Served served) {
        RankingResult r = served.result();
        if (r.items().isEmpty()) {
            return Future.succeededFuture();
        }
        String key = served.query().userId() != null ? served.query().userId() : r.requestId();
        List<Event> events = new ArrayList<>(r.items().size());
        for (int i = 0; i < r.items().size(); i++) {
            RankingResult.Item item = r.items().get(i);
            Candidate c = served.items().get(i);
            events.add(Event.of("imp:" + r.requestId() + ":" + item.position(), served.query().nowMillis(), key,
                    new InteractionPayload.Impression(r.requestId(), served.query().surface().wireName(),
                            served.query().queryText(), item.listingId(), item.position(), r.modelVersion(),
                            served.query().device(), c.row() == null ? null : c.row().features())));
        }
        return log.append(events).mapEmpty();
    }

    @Override
    public ComponentId id() {
        return ID;
    }

    @Override
    public Duration budget() {
        return Duration.ofSeconds(2);
    }

    @Override
    public FailurePolicy failurePolicy() {
        return FailurePolicy.failOpen("count-and-drop");
    }
}
