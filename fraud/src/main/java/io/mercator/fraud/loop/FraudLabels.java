package io.mercator.fraud.loop;

import io.mercator.events.Event;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.ModerationPayload;
import io.mercator.events.projection.Projection;
import io.vertx.core.Future;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Moderators' decisions on fraud, as labels: a projection of the moderation events. A listing
 * flagged as fraud (by the rule, by the fraud model, or by the model's audit sample) and then decided
 * by a person is one label: removed (remove or ban the seller) or not (approve); the latest person's
 * decision stands. Decisions the fraud model writes itself are not labels, and neither are decisions
 * on listings flagged only for other reasons (offensive text, an unsafe photo).
 *
 * <p>One thread applies; {@link #snapshot} may be read from any.
 */
public final class FraudLabels implements Projection {

    /** Flag kinds that put a listing's decision among the fraud labels. */
    static final Set<String> FRAUD_KINDS = Set.of("fraud", "photo_reuse");
    /** The source of the flags that sample the model's automatic removals for audit. */
    public static final String AUDIT_SOURCE = "fraud-model-audit";
    /** Actors the fraud model decides as: {@code fraud-model:<version>}. */
    public static final String MODEL_ACTOR_PREFIX = "fraud-model";

    /**
     * One label.
     *
     * @param removed whether the moderator removed the listing
     * @param at      event time of the decision
     * @param audit   the listing was flagged to audit an automatic removal
     */
    public record Label(boolean removed, long at, boolean audit) {
    }

    private final ConcurrentHashMap<String, Label> labels = new ConcurrentHashMap<>();
    /** Listings with a fraud flag not yet decided by a person: whether one of their flags is an audit. */
    private final Map<String, Boolean> flagged = new HashMap<>();
    private final AtomicLong decisions = new AtomicLong();

    @Override
    public String id() {
        return "fraud-labels";
    }

    @Override
    public Future<Void> apply(List<LogRecord> batch) {
        for (LogRecord r : batch) {
            Event e = r.event();
            switch (e.data()) {
                case ModerationPayload.Flagged f -> {
                    if (f.kind() != null ? FRAUD_KINDS.contains(f.kind()) : "ranking-fraud-check".equals(f.source())) {
                        flagged.merge(e.key(), AUDIT_SOURCE.equals(f.source()), Boolean::logicalOr);
                    }
                }
                case ModerationPayload.Decided d -> {
                    boolean byModel = d.actor() != null && d.actor().startsWith(MODEL_ACTOR_PREFIX);
                    Boolean audit = flagged.get(e.key());
                    if (!byModel && audit != null) {
                        labels.put(e.key(), new Label(d.removes(), e.ts(), audit));
                        flagged.remove(e.key());
                        decisions.incrementAndGet();
                    }
                }
                default -> {
                    // nothing else is a label
                }
            }
        }
        return Future.succeededFuture();
    }

    /** Every listing's current label. */
    public Map<String, Label> snapshot() {
        return Map.copyOf(labels);
    }

    /** Whether a person decided on the listing as fraud (either way). */
    public boolean decided(String listingId) {
        return labels.containsKey(listingId);
    }

    /** Decisions applied so far (a listing decided twice counts twice): what "new labels" counts. */
    public long decisions() {
        return decisions.get();
    }
}
