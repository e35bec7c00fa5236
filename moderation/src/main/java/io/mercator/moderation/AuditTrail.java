package io.mercator.moderation;

import io.mercator.events.Event;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.AdminPayload;
import io.mercator.events.projection.Projection;
import io.vertx.core.Future;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The most recent admin actions, newest first: a projection of {@code admin.audit} (the whole
 * trail is the log itself). Each entry names the key's label, never the key.
 */
public final class AuditTrail implements Projection {

    public static final int KEPT = 1_000;

    /** One admin action; {@code at} is its event time, epoch ms. */
    public record Entry(long at, String actor, String role, String action, String target, String reason,
                        int status) {
    }

    private final ArrayDeque<Entry> recent = new ArrayDeque<>(KEPT);

    @Override
    public String id() {
        return "audit-trail";
    }

    @Override
    public Future<Void> apply(List<LogRecord> batch) {
        for (LogRecord r : batch) {
            Event e = r.event();
            if (e.data() instanceof AdminPayload.Audit a) {
                synchronized (recent) {
                    if (recent.size() == KEPT) {
                        recent.removeLast();
                    }
                    recent.addFirst(new Entry(e.ts(), a.actor(), a.role(), a.action(), a.target(), a.reason(),
                            a.status()));
                }
            }
        }
        return Future.succeededFuture();
    }

    /** Up to {@code limit} entries, newest first. */
    public List<Entry> recent(int limit) {
        synchronized (recent) {
            List<Entry> out = new ArrayList<>(Math.min(limit, recent.size()));
            for (Entry e : recent) {
                if (out.size() == limit) {
                    break;
                }
                out.add(e);
            }
            return out;
        }
    }
}
