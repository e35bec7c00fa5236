package io.mercator.ranking.sideeffect;

import io.mercator.autoboost.BoostAgent;
import io.mercator.autoboost.Placement;
import io.mercator.events.Event;
import io.mercator.events.log.EventLog;
import io.mercator.events.payload.InteractionPayload;
import io.mercator.ranking.RankingResult;
import io.mercator.ranking.hydrator.ServedRow;
import io.mercator.ranking.pipeline.ComponentSpec;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@link InteractionPayload.Impressions} event per served response, one append: request id,
 * surface, query, model version, device, and per item its listing, position and the feature row
 * exactly as the models saw it (names once per list), so a training set built from the log is
 * point-in-time correct without re-deriving features. The event id is derived from the request
 * id, so a retried append is de-duplicated downstream. Anonymous visitors are keyed by request id
 * (the log needs a key; their impressions still count for popularity).
 *
 * <p>A sponsored item's charge ({@code boost.spend}, reserved by the auto-boost agent) goes in the
 * same append, and the item names its campaign and the clicks expected of it (the ranker's pCTR
 * discounted for the slot), which the agent measures the listing's clicks against. When the append
 * fails, the reservations are given back: the impressions were not recorded, so nobody is charged.
 */
public final class ImpressionWriter implements SideEffect {

    public static final ComponentSpec SPEC = ComponentSpec.failOpen("impressions", Duration.ofSeconds(2),
            "count-and-drop");

    private final EventLog log;
    private final BoostAgent boosts;

    public ImpressionWriter(EventLog log, BoostAgent boosts) {
        this.log = log;
        this.boosts = boosts;
    }

    @Override
    public Future<Void> apply(Served served) {
        RankingResult r = served.result();
        releaseUnserved(served);
        if (r.items().isEmpty()) {
            return Future.succeededFuture();
        }
        List<Placement> placements = new ArrayList<>(2);
        List<Event> events = new ArrayList<>(3);
        String key = served.query().userId() != null ? served.query().userId() : r.requestId();
        List<String> featureNames = null;
        List<InteractionPayload.Impressions.Shown> shown = new ArrayList<>(r.items().size());
        for (int i = 0; i < r.items().size(); i++) {
            RankingResult.Item item = r.items().get(i);
            ServedRow row = served.items().get(i).row();
            double[] features = null;
            // a list holds one feature set; a row under other names (none today) is logged without features
            if (row != null && (featureNames == null || featureNames.equals(row.names()))) {
                featureNames = row.names();
                features = row.values();
            }
            Placement placement = served.items().get(i).placement();
            if (placement == null) {
                shown.add(new InteractionPayload.Impressions.Shown(item.listingId(), item.position(), features));
            } else {
                placements.add(placement);
                events.add(placement.spend());
                shown.add(new InteractionPayload.Impressions.Shown(item.listingId(), item.position(), features,
                        placement.campaignId(), placement.pctr() * BoostAgent.examination(item.position())));
            }
        }
        events.add(Event.of("imps:" + r.requestId(), served.query().nowMillis(), key,
                new InteractionPayload.Impressions(r.requestId(), served.query().surface().wireName(),
                        served.query().queryText(), r.modelVersion(), served.query().device(), featureNames, shown)));
        return log.append(events).onSuccess(ok -> boosts.confirm(placements))
                .onFailure(err -> boosts.release(placements)).mapEmpty();
    }

    /** Charges reserved for candidates that did not make it into the response (none, unless a selector erred). */
    private void releaseUnserved(Served served) {
        for (int i = served.items().size(); i < served.selected().size(); i++) {
            Placement p = served.selected().get(i).placement();
            if (p != null) {
                boosts.release(List.of(p));
            }
        }
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }
}
