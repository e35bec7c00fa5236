package io.mercator.service.admin;

import io.mercator.catalog.CatalogView;
import io.mercator.catalog.Listing;
import io.mercator.catalog.SellerState;
import io.mercator.events.Categories;
import io.mercator.events.Event;
import io.mercator.events.log.EventLog;
import io.mercator.events.log.LogUnavailableException;
import io.mercator.events.payload.AdminPayload;
import io.mercator.events.payload.ModerationPayload;
import io.mercator.moderation.ActiveOverrides;
import io.mercator.moderation.AuditTrail;
import io.mercator.moderation.ModerationQueue;
import io.mercator.moderation.QueueItem;
import io.mercator.moderation.QueuePage;
import io.mercator.moderation.QueueQuery;
import io.mercator.service.access.AdminAccess;
import io.mercator.service.access.KeyRing;
import io.mercator.service.access.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Humans in the loop, under {@code /admin}: the moderation queue and its decisions, the overrides,
 * the audit trail. Reads need role viewer; decisions and overrides moderator. Every decision and
 * override is an event: the answer comes once the projections show it in effect (serving follows
 * within a second), and a second decision on a decided item is 409 with the first one.
 * <ul>
 *   <li>{@code GET /moderation/queue?state=pending|decided&kind=&min_age_minutes=&max_age_minutes=&page=&size=&order=age|label_value}:
 *       oldest first, or by what a label is worth to the fraud model (active learning)</li>
 *   <li>{@code GET /moderation/items/{id}}: the item with its evidence and the listing</li>
 *   <li>{@code POST /moderation/items/{id}/decision} {@code {"decision": "approve"|"remove"|"ban_seller", "reason"}}</li>
 *   <li>{@code GET /overrides}; {@code POST /overrides} {@code {"action", "target", "reason"}};
 *       {@code POST /overrides/lift} {@code {"action", "target", "reason"}}</li>
 *   <li>{@code GET /audit?limit=}</li>
 * </ul>
 */
final class ModerationApi {

    private static final Set<String> DECISIONS = Set.of(ModerationPayload.Decided.APPROVE,
            ModerationPayload.Decided.REMOVE, ModerationPayload.Decided.BAN_SELLER);
    private static final long MINUTE = 60_000;

    private final ModerationQueue queue;
    private final ActiveOverrides overrides;
    private final AuditTrail trail;
    private final CatalogView catalog;
    private final EventLog log;
    private final Clock clock;
    private final java.util.function.ToDoubleFunction<String> labelValue;

    /** @param labelValue what a moderator's label on a listing is worth to the fraud model (for {@code order=label_value}) */
    ModerationApi(ModerationQueue queue, ActiveOverrides overrides, AuditTrail trail, CatalogView catalog,
                  EventLog log, Clock clock, java.util.function.ToDoubleFunction<String> labelValue) {
        this.labelValue = labelValue;
        this.queue = queue;
        this.overrides = overrides;
        this.trail = trail;
        this.catalog = catalog;
        this.log = log;
        this.clock = clock;
    }

    void mount(Router r, AdminAccess access, Audit audit) {
        r.get("/moderation/queue").handler(access.require(Role.VIEWER)).handler(this::list);
        r.get("/moderation/items/:id").handler(access.require(Role.VIEWER)).handler(this::item);
        r.post("/moderation/items/:id/decision").handler(audit.of("moderation.decide", ctx -> ctx.pathParam("id")))
                .handler(access.require(Role.MODERATOR)).handler(this::decide);
        r.get("/overrides").handler(access.require(Role.VIEWER)).handler(this::listOverrides);
        r.post("/overrides").handler(audit.of("override.set", ModerationApi::targetOf))
                .handler(access.require(Role.MODERATOR)).handler(ctx -> override(ctx, false));
        r.post("/overrides/lift").handler(audit.of("override.lift", ModerationApi::targetOf))
                .handler(access.require(Role.MODERATOR)).handler(ctx -> override(ctx, true));
        r.get("/audit").handler(access.require(Role.VIEWER)).handler(this::audit);
    }

    private void list(RoutingContext ctx) {
        QueueQuery q;
        String order = ctx.queryParams().get("order");
        if (order != null && !order.equals("age") && !order.equals("label_value")) {
            AdminAccess.refuse(ctx, 400, "order must be age or label_value");
            return;
        }
        try {
            String state = ctx.queryParams().get("state");
            QueueItem.State s = state == null ? null : QueueItem.State.of(state).orElseThrow(
                    () -> new IllegalArgumentException("state must be pending or decided"));
            q = new QueueQuery(s, blankToNull(ctx.queryParams().get("kind")),
                    minutes(ctx, "min_age_minutes", 0) * MINUTE,
                    Math.min(Long.MAX_VALUE / 2, minutes(ctx, "max_age_minutes", Long.MAX_VALUE / MINUTE / 2) * MINUTE),
                    (int) number(ctx, "page", 0, 0, 1_000_000),
                    (int) number(ctx, "size", QueueQuery.DEFAULT_SIZE, 1, QueueQuery.MAX_SIZE));
        } catch (IllegalArgumentException e) {
            AdminAccess.refuse(ctx, 400, e.getMessage());
            return;
        }
        boolean byValue = "label_value".equals(order);
        QueuePage page = byValue ? queue.page(q, clock.millis(), i -> labelValue.applyAsDouble(i.listingId()))
                : queue.page(q, clock.millis());
        JsonArray items = new JsonArray();
        page.items().forEach(i -> items.add(byValue ? summary(i).put("label_value",
                Math.round(labelValue.applyAsDouble(i.listingId()) * 1e4) / 1e4) : summary(i)));
        send(ctx, 200, new JsonObject().put("items", items).put("total", page.total()).put("page", page.page())
                .put("size", page.size()).put("pending_by_kind", new JsonObject(Map.copyOf(queue.pendingByKind()))));
    }

    private void item(RoutingContext ctx) {
        Optional<QueueItem> item = queue.item(ctx.pathParam("id"));
        if (item.isEmpty()) {
            AdminAccess.refuse(ctx, 404, "no moderation item " + ctx.pathParam("id"));
            return;
        }
        send(ctx, 200, detail(item.get()));
    }

    private void decide(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Optional<QueueItem> found = queue.item(id);
        if (found.isEmpty()) {
            AdminAccess.refuse(ctx, 404, "no moderation item " + id);
            return;
        }
        JsonObject body = jsonBody(ctx);
        if (body == null) {
            return;
        }
        String decision = body.getString("decision");
        String reason = body.getString("reason");
        if (decision == null || !DECISIONS.contains(decision)) {
            AdminAccess.refuse(ctx, 400, "decision must be approve, remove or ban_seller");
            return;
        }
        if (reason == null || reason.isBlank()) {
            AdminAccess.refuse(ctx, 400, "a decision needs a reason");
            return;
        }
        QueueItem item = found.get();
        if (item.state() == QueueItem.State.DECIDED) {
            send(ctx, 409, new JsonObject().put("error", "item " + id + " is already decided")
                    .put("decision", decision(item.decision())));
            return;
        }
        Optional<Listing> listing = catalog.listing(item.listingId());
        if (listing.isPresent() && listing.get().removed()) {
            AdminAccess.refuse(ctx, 409, "listing " + item.listingId() + " was removed by its seller; nothing to decide");
            return;
        }
        KeyRing.Holder<Role> who = AdminAccess.holder(ctx);
        String token = UUID.randomUUID().toString();
        // one event id per item: of two racing decisions, the log's readers apply only the first
        Event e = Event.of("decide:" + id, clock.millis(), item.listingId(),
                new ModerationPayload.Decided(decision, reason, who.label(), id, token));
        appendThen(ctx, e, () -> queue.item(id).map(i -> i.state() == QueueItem.State.DECIDED).orElse(false), () -> {
            QueueItem now = queue.item(id).orElseThrow();
            if (token.equals(now.decision().token())) {
                send(ctx, 200, detail(now));
            } else {
                send(ctx, 409, new JsonObject().put("error", "item " + id + " was decided by another request first")
                        .put("decision", decision(now.decision())));
            }
        });
    }

    private void listOverrides(RoutingContext ctx) {
        JsonArray out = new JsonArray();
        overrides.list().forEach(a -> out.add(new JsonObject().put("action", wire(a.action())).put("target", a.target())
                .put("reason", a.reason()).put("actor", a.actor()).put("since", time(a.since()))));
        send(ctx, 200, new JsonObject().put("overrides", out));
    }

    private void override(RoutingContext ctx, boolean lift) {
        JsonObject body = jsonBody(ctx);
        if (body == null) {
            return;
        }
        AdminPayload.Action action = action(body.getString("action"));
        String target = body.getString("target");
        String reason = body.getString("reason");
        if (action == null) {
            AdminAccess.refuse(ctx, 400, "action must be force_boost_listing, ban_category or ban_seller");
            return;
        }
        if (target == null || target.isBlank()) {
            AdminAccess.refuse(ctx, 400, "an override needs a target: a listing id, a category slug or a seller id");
            return;
        }
        if (reason == null || reason.isBlank()) {
            AdminAccess.refuse(ctx, 400, "an override needs a reason");
            return;
        }
        String unknown = switch (action) {
            case FORCE_BOOST_LISTING -> catalog.isKnown(target) ? null : "no listing " + target;
            case BAN_CATEGORY -> Categories.exists(target) ? null : "no category " + target;
            case BAN_SELLER -> catalog.seller(target).isPresent() ? null : "no seller " + target;
            case LIFT -> "lift is POST /admin/overrides/lift";
        };
        if (unknown != null) {
            AdminAccess.refuse(ctx, action == AdminPayload.Action.LIFT ? 400 : 404, unknown);
            return;
        }
        boolean active = overrides.find(action, target).isPresent();
        if (lift && !active) {
            AdminAccess.refuse(ctx, 404, "no " + wire(action) + " override on " + target + " to lift");
            return;
        }
        KeyRing.Holder<Role> who = AdminAccess.holder(ctx);
        AdminPayload.Override o = lift ? new AdminPayload.Override(AdminPayload.Action.LIFT, action, reason, who.label())
                : new AdminPayload.Override(action, null, reason, who.label());
        long at = clock.millis();
        Event e = Event.of("override:" + UUID.randomUUID(), at, target, o);
        appendThen(ctx, e, () -> lift ? overrides.find(action, target).isEmpty()
                : overrides.find(action, target).map(a -> a.since() == at).orElse(false),
                () -> listOverrides(ctx));
    }

    private void audit(RoutingContext ctx) {
        int limit;
        try {
            limit = (int) number(ctx, "limit", 100, 1, AuditTrail.KEPT);
        } catch (IllegalArgumentException e) {
            AdminAccess.refuse(ctx, 400, e.getMessage());
            return;
        }
        JsonArray out = new JsonArray();
        trail.recent(limit).forEach(e -> out.add(new JsonObject().put("at", time(e.at())).put("actor", e.actor())
                .put("role", e.role()).put("action", e.action()).put("target", e.target()).put("reason", e.reason())
                .put("status", e.status())));
        send(ctx, 200, new JsonObject().put("audit", out));
    }

    /** Appends, then answers with {@code answer} once {@code applied} holds (202 if it takes longer). */
    private void appendThen(RoutingContext ctx, Event e, java.util.function.BooleanSupplier applied, Runnable answer) {
        log.append(List.of(e)).compose(ack -> Applied.when(ctx.vertx(), applied)).onComplete(ar -> {
            if (ar.failed()) {
                if (ar.cause() instanceof LogUnavailableException) {
                    ctx.response().putHeader("Retry-After", "5");
                    AdminAccess.refuse(ctx, 503, "event log unavailable; nothing was changed, retry later");
                } else {
                    ctx.fail(ar.cause());
                }
            } else if (ar.result()) {
                answer.run();
            } else {
                send(ctx, 202, new JsonObject().put("status", "accepted; not yet applied by the projections"));
            }
        });
    }

    private JsonObject summary(QueueItem i) {
        JsonObject out = new JsonObject().put("id", i.id()).put("listing_id", i.listingId())
                .put("state", i.state().wireName()).put("kinds", new JsonArray(List.copyOf(i.kinds())))
                .put("risk", i.risk()).put("opened_at", time(i.openedAt())).put("flags", i.flags().size());
        catalog.listing(i.listingId()).ifPresent(l -> out.put("title", l.title()).put("seller_id", l.sellerId()));
        if (i.decision() != null) {
            out.put("decision", decision(i.decision()));
        }
        return out;
    }

    private JsonObject detail(QueueItem i) {
        JsonObject out = summary(i);
        JsonArray flags = new JsonArray();
        for (QueueItem.Flag f : i.flags()) {
            flags.add(new JsonObject().put("source", f.source()).put("kind", f.kind()).put("reason", f.reason())
                    .put("risk", f.risk()).put("at", time(f.at())).put("evidence", JsonObject.mapFrom(f.evidence())));
        }
        out.put("flags", flags);
        catalog.listing(i.listingId()).ifPresent(l -> {
            JsonObject listing = new JsonObject().put("title", l.title()).put("description", l.description())
                    .put("category", l.category()).put("price", l.price()).put("province", l.province())
                    .put("seller_id", l.sellerId()).put("removed_by_seller", l.removed())
                    .put("removed_by_moderation", l.removedByModeration());
            catalog.seller(l.sellerId()).ifPresent(s -> listing.put("seller", seller(s)));
            out.put("listing", listing);
        });
        return out;
    }

    private static JsonObject seller(SellerState s) {
        return new JsonObject().put("verified", s.verified()).put("reports", s.reports()).put("banned", s.banned())
                .put("registered_at", s.registeredAt() > 0 ? time(s.registeredAt()) : null);
    }

    private static JsonObject decision(QueueItem.Decision d) {
        return new JsonObject().put("decision", d.decision()).put("reason", d.reason()).put("actor", d.actor())
                .put("at", time(d.at()));
    }

    private static String targetOf(RoutingContext ctx) {
        try {
            JsonObject body = ctx.body().asJsonObject();
            return body == null ? null : body.getString("target");
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    /** The JSON object body, or null after answering 400. */
    private static JsonObject jsonBody(RoutingContext ctx) {
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body != null) {
                return body;
            }
        } catch (RuntimeException notJson) {
            // answered below
        }
        AdminAccess.refuse(ctx, 400, "the body must be a JSON object");
        return null;
    }

    private static AdminPayload.Action action(String wire) {
        if (wire == null) {
            return null;
        }
        return switch (wire) {
            case "force_boost_listing" -> AdminPayload.Action.FORCE_BOOST_LISTING;
            case "ban_category" -> AdminPayload.Action.BAN_CATEGORY;
            case "ban_seller" -> AdminPayload.Action.BAN_SELLER;
            default -> null;
        };
    }

    private static String wire(AdminPayload.Action a) {
        return a.name().toLowerCase(Locale.ROOT);
    }

    private static long minutes(RoutingContext ctx, String name, long dflt) {
        return number(ctx, name, dflt, 0, Long.MAX_VALUE / MINUTE / 2);
    }

    private static long number(RoutingContext ctx, String name, long dflt, long min, long max) {
        List<String> values = ctx.queryParams().getAll(name);
        if (values.isEmpty()) {
            return dflt;
        }
        if (values.size() > 1) {
            throw new IllegalArgumentException(name + " is given more than once");
        }
        try {
            long v = Long.parseLong(values.get(0).strip());
            if (v < min || v > max) {
                throw new IllegalArgumentException(name + " must be within " + min + ".." + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String time(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    private static void send(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
                .end(body.encode());
    }
}
