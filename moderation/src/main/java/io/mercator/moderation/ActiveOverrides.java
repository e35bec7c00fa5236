package io.mercator.moderation;

import io.mercator.events.Event;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.AdminPayload;
import io.mercator.events.projection.Projection;
import io.vertx.core.Future;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The admin overrides in force, with who set them and why: a projection of {@code admin.override}.
 * A lift removes the override it names; setting an override again replaces it. (The catalog
 * applies the same events to serving; this is what the console lists.)
 */
public final class ActiveOverrides implements Projection {

    /**
     * One override in force.
     *
     * @param action force_boost_listing, ban_category or ban_seller
     * @param target the listing id, category slug or seller id
     * @param reason why
     * @param actor  the label of the admin key that set it
     * @param since  event time, epoch ms
     */
    public record Active(AdminPayload.Action action, String target, String reason, String actor, long since) {
    }

    private record Key(AdminPayload.Action action, String target) {
    }

    private final ConcurrentHashMap<Key, Active> active = new ConcurrentHashMap<>();

    @Override
    public String id() {
        return "overrides";
    }

    @Override
    public Future<Void> apply(List<LogRecord> batch) {
        for (LogRecord r : batch) {
            Event e = r.event();
            if (e.data() instanceof AdminPayload.Override o && o.action() != null) {
                if (o.action() == AdminPayload.Action.LIFT) {
                    if (o.lifts() != null) {
                        active.remove(new Key(o.lifts(), e.key()));
                    }
                } else {
                    active.put(new Key(o.action(), e.key()), new Active(o.action(), e.key(), o.reason(), o.actor(),
                            e.ts()));
                }
            }
        }
        return Future.succeededFuture();
    }

    /** Every override in force, newest first. */
    public List<Active> list() {
        return active.values().stream().sorted(Comparator.comparingLong(Active::since).reversed()
                .thenComparing(a -> a.action().name()).thenComparing(Active::target)).toList();
    }

    public Optional<Active> find(AdminPayload.Action action, String target) {
        return Optional.ofNullable(active.get(new Key(action, target)));
    }
}
