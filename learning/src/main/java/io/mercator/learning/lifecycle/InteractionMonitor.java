package io.mercator.learning.lifecycle;

import io.mercator.events.Event;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.FeatureValues;
import io.mercator.events.payload.InteractionPayload;
import io.mercator.events.projection.Projection;
import io.vertx.core.Future;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SequencedSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The learning loop's view of the interaction events, in memory (rebuilt by replay at start):
 * <ul>
 *   <li>{@link ModelTraffic}: impressions counted under the impression's {@code modelVersion};
 *       clicks and orders joined to it by request id (a click on a request this projection never
 *       saw an impression of is not counted: its version is unknown);</li>
 *   <li>interactions per hour of event time, so the retraining trigger can count those after the
 *       last training;</li>
 *   <li>{@link ServedFeatureWindow}: the feature rows impressions were served with.</li>
 * </ul>
 * The request-to-version map and the clicked-pairs set are bounded (oldest dropped first): a click
 * comes within the attribution hour, far inside the bound.
 */
public final class InteractionMonitor implements Projection {

    public static final String ID = "model-monitor";
    private static final long HOUR_MS = 3_600_000L;
    private static final int MAX_REQUESTS = 500_000;

    private final ModelTraffic traffic = new ModelTraffic();
    private final ServedFeatureWindow served;
    private final NavigableMap<Long, LongAdder> perHour = new ConcurrentSkipListMap<>();
    private final Map<String, String> versionOfRequest = new LinkedHashMap<>(1 << 16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_REQUESTS;
        }
    };
    private final SequencedSet<String> clicked = new LinkedHashSet<>();

    public InteractionMonitor(ServedFeatureWindow served) {
        this.served = served;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Future<Void> apply(List<LogRecord> batch) {
        for (LogRecord r : batch) {
            Event e = r.event();
            if (e.data() instanceof InteractionPayload p) {
                // a served list counts as the impressions it holds
                int interactions = p instanceof InteractionPayload.Impressions list ? list.size() : 1;
                perHour.computeIfAbsent(Math.floorDiv(e.ts(), HOUR_MS), h -> new LongAdder()).add(interactions);
                onInteraction(p);
            }
        }
        return Future.succeededFuture();
    }

    private void onInteraction(InteractionPayload p) {
        switch (p) {
            case InteractionPayload.Impression imp -> {
                if (imp.modelVersion() != null) {
                    versionOfRequest.put(imp.requestId(), imp.modelVersion());
                    traffic.impression(imp.modelVersion());
                }
                if (imp.features() != null) {
                    served.add(imp.features());
                }
            }
            case InteractionPayload.Impressions list -> {
                if (list.modelVersion() != null) {
                    versionOfRequest.put(list.requestId(), list.modelVersion());
                    traffic.impressions(list.modelVersion(), list.size());
                }
                for (int i = 0; i < list.size(); i++) {
                    FeatureValues f = list.features(i);
                    if (f != null) {
                        served.add(f);
                    }
                }
            }
            case InteractionPayload.Click c -> {
                String version = versionOfRequest.get(c.requestId());
                if (version != null && clicked.add(c.requestId() + '\n' + c.listingId())) {
                    traffic.click(version);
                    if (clicked.size() > MAX_REQUESTS) {
                        clicked.removeFirst();
                    }
                }
            }
            case InteractionPayload.Order o -> {
                String version = versionOfRequest.get(o.requestId());
                if (version != null) {
                    traffic.order(version);
                }
            }
            case InteractionPayload.AddToCart a -> {
                // carts count towards the retraining trigger only
            }
        }
    }

    public ModelTraffic traffic() {
        return traffic;
    }

    public ServedFeatureWindow served() {
        return served;
    }

    /** Interactions with event time at or after {@code sinceMillis} (to the hour: the hour holding it counts whole). */
    public long interactionsSince(long sinceMillis) {
        long total = 0;
        for (LongAdder a : perHour.tailMap(Math.floorDiv(sinceMillis, HOUR_MS), true).values()) {
            total += a.sum();
        }
        return total;
    }
}
