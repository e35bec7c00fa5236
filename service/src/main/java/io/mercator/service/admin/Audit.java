package io.mercator.service.admin;

import io.mercator.events.Event;
import io.mercator.events.log.EventLog;
import io.mercator.events.payload.AdminPayload;
import io.mercator.service.access.AdminAccess;
import io.mercator.service.access.KeyRing;
import io.mercator.service.access.Role;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Writes an {@code admin.audit} event for every admin action once it is answered: the key's label
 * and role (never the key), the action, its target, the reason given and the status answered, so
 * refused attempts are on the trail too. An audit event that cannot be written is logged and does
 * not change the answer already sent.
 */
final class Audit {

    private static final Logger LOG = LoggerFactory.getLogger(Audit.class);

    private final EventLog log;
    private final Clock clock;

    Audit(EventLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** A route handler that audits the request as {@code action} on the target it names. */
    Handler<RoutingContext> of(String action, Function<RoutingContext, String> target) {
        return ctx -> {
            ctx.addEndHandler(v -> write(ctx, action, target.apply(ctx)));
            ctx.next();
        };
    }

    private void write(RoutingContext ctx, String action, String target) {
        KeyRing.Holder<Role> who = AdminAccess.holder(ctx);
        if (who == null) {
            return;
        }
        String reason = null;
        try {
            JsonObject body = ctx.body() == null ? null : ctx.body().asJsonObject();
            reason = body == null ? null : body.getString("reason");
        } catch (RuntimeException notJson) {
            // no reason to record
        }
        String key = target == null || target.isBlank() ? who.label() : target;
        Event e = Event.of("audit:" + UUID.randomUUID(), clock.millis(), key, new AdminPayload.Audit(who.label(),
                who.grant().wireName(), action, target, reason, ctx.response().getStatusCode()));
        log.append(List.of(e)).onFailure(err -> LOG.atWarn().addKeyValue("action", action)
                .addKeyValue("error", err.toString()).log("audit event not written"));
    }
}
