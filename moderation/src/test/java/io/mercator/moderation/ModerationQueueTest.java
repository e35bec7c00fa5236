package io.mercator.moderation;

import io.mercator.events.Event;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.AdminPayload;
import io.mercator.events.payload.EventPayload;
import io.mercator.events.payload.ModerationPayload;
import io.mercator.events.projection.Redelivery;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ModerationQueueTest {

    private static final long T0 = 1_750_000_000_000L;
    private static final long MIN = 60_000;
    private static final LogPartition PART = new LogPartition("events", 0);

    private final List<Event> log = new ArrayList<>();

    private void at(long ts, String key, EventPayload data) {
        log.add(Event.of("e" + log.size(), ts, key, data));
    }

    private static ModerationPayload.Flagged fraud(double risk) {
        return new ModerationPayload.Flagged("price-far-below-category", risk, "ranking-fraud-check", null,
                Map.of("signals", Map.of("price-far-below-category", risk)));
    }

    private static ModerationPayload.Decided decide(String item, String decision, String token) {
        return new ModerationPayload.Decided(decision, "checked the photos", "moderator-1", item, token);
    }

    private ModerationQueue applied() {
        ModerationQueue q = new ModerationQueue();
        List<LogRecord> records = new ArrayList<>();
        for (Event e : log) {
            records.add(new LogRecord(PART, records.size(), e));
        }
        q.apply(records);
        return q;
    }

    @Test
    void flagsOnAListingJoinItsOpenItemAndADecisionClosesIt() {
        at(T0, "L1", fraud(0.6));
        at(T0 + MIN, "L1", new ModerationPayload.Flagged("phone number in the title", 0.9, "text-analysis", "diversion",
                Map.of("findings", List.of(Map.of("type", "phone", "start", 12, "end", 22)))));
        ModerationQueue q = applied();

        QueueItem item = q.item("L1~1").orElseThrow();
        assertThat(item.state()).isEqualTo(QueueItem.State.PENDING);
        assertThat(item.flags()).hasSize(2);
        assertThat(item.kinds()).containsExactly("diversion", "fraud");
        assertThat(item.risk()).isEqualTo(0.9);
        assertThat(item.openedAt()).isEqualTo(T0);
        assertThat(q.pendingByKind()).containsEntry("fraud", 1).containsEntry("diversion", 1);

        at(T0 + 2 * MIN, "L1", decide("L1~1", ModerationPayload.Decided.REMOVE, "t-1"));
        q = applied();
        item = q.item("L1~1").orElseThrow();
        assertThat(item.state()).isEqualTo(QueueItem.State.DECIDED);
        assertThat(item.decision().decision()).isEqualTo("remove");
        assertThat(item.decision().actor()).isEqualTo("moderator-1");
        assertThat(q.pendingByKind()).isEmpty();
    }

    @Test
    void theFirstDecisionStandsAndALaterFlagOpensANewItem() {
        at(T0, "L1", fraud(0.6));
        at(T0 + MIN, "L1", decide("L1~1", ModerationPayload.Decided.APPROVE, "first"));
        at(T0 + MIN + 1, "L1", decide("L1~1", ModerationPayload.Decided.REMOVE, "second"));
        at(T0 + 2 * MIN, "L1", fraud(0.7));
        ModerationQueue q = applied();

        assertThat(q.item("L1~1").orElseThrow().decision().token()).isEqualTo("first");
        assertThat(q.item("L1~2").orElseThrow().state()).isEqualTo(QueueItem.State.PENDING);
        assertThat(q.item("L1~2").orElseThrow().flags()).hasSize(1);
    }

    @Test
    void aDecisionPostedAsARawEventClosesTheOpenItemOrStandsAlone() {
        at(T0, "L1", fraud(0.6));
        at(T0 + MIN, "L1", new ModerationPayload.Decided(ModerationPayload.Decided.REMOVE));
        at(T0 + MIN, "L2", new ModerationPayload.Decided(ModerationPayload.Decided.REMOVE));
        ModerationQueue q = applied();

        assertThat(q.item("L1~1").orElseThrow().state()).isEqualTo(QueueItem.State.DECIDED);
        assertThat(q.item("L2~1").orElseThrow().state()).isEqualTo(QueueItem.State.DECIDED);
        assertThat(q.item("L2~1").orElseThrow().flags()).isEmpty();
    }

    @Test
    void pagesAreOldestFirstAndFilterByStateKindAndAge() {
        for (int i = 0; i < 5; i++) {
            at(T0 + i * MIN, "L" + i, fraud(0.6));
        }
        at(T0 + 10 * MIN, "L9", new ModerationPayload.Flagged("knife", 0.8, "text-analysis", "prohibited", null));
        at(T0 + 11 * MIN, "L0", decide("L0~1", ModerationPayload.Decided.APPROVE, "t"));
        ModerationQueue q = applied();
        long now = T0 + 20 * MIN;

        QueuePage first = q.page(new QueueQuery(QueueItem.State.PENDING, null, 0, Long.MAX_VALUE, 0, 2), now);
        assertThat(first.items()).extracting(QueueItem::listingId).containsExactly("L1", "L2");
        assertThat(first.total()).isEqualTo(5);
        QueuePage third = q.page(new QueueQuery(QueueItem.State.PENDING, null, 0, Long.MAX_VALUE, 2, 2), now);
        assertThat(third.items()).extracting(QueueItem::listingId).containsExactly("L9");
        assertThat(q.page(new QueueQuery(null, "prohibited", 0, Long.MAX_VALUE, 0, 50), now).items())
                .extracting(QueueItem::listingId).containsExactly("L9");
        assertThat(q.page(new QueueQuery(QueueItem.State.DECIDED, null, 0, Long.MAX_VALUE, 0, 50), now).items())
                .extracting(QueueItem::listingId).containsExactly("L0");
        // opened at least 17 minutes before now: L0 (20), L1 (19), L2 (18), L3 (17)
        assertThat(q.page(new QueueQuery(null, "fraud", 17 * MIN, Long.MAX_VALUE, 0, 50), now).items())
                .extracting(QueueItem::listingId).containsExactly("L0", "L1", "L2", "L3");
        assertThat(q.page(new QueueQuery(null, null, 0, 10 * MIN, 0, 50), now).items())
                .extracting(QueueItem::listingId).containsExactly("L9");
    }

    @Test
    void eventsDeliveredTwiceThroughTheRunnerChangeNothing() {
        at(T0, "L1", fraud(0.6));
        at(T0 + MIN, "L1", fraud(0.7));
        at(T0 + 2 * MIN, "L2", fraud(0.5));
        ModerationQueue once = applied();
        ModerationQueue twice = new ModerationQueue();
        Redelivery.throughTheRunner(twice, log, log);

        assertThat(twice.item("L1~1")).isEqualTo(once.item("L1~1"));
        assertThat(twice.item("L1~2")).isEmpty();
        assertThat(twice.page(QueueQuery.pending(), T0).total()).isEqualTo(2);
    }

    @Test
    void overridesInForceAreListedWithTheirAuthorUntilLifted() {
        at(T0, "amulets", new AdminPayload.Override(AdminPayload.Action.BAN_CATEGORY, null, "counterfeits", "ops-1"));
        at(T0 + 1, "L7", new AdminPayload.Override(AdminPayload.Action.FORCE_BOOST_LISTING, null, "launch", "ops-2"));
        at(T0 + 2, "amulets", new AdminPayload.Override(AdminPayload.Action.LIFT,
                AdminPayload.Action.BAN_CATEGORY, "appeal", "ops-1"));
        ActiveOverrides overrides = new ActiveOverrides();
        List<LogRecord> records = new ArrayList<>();
        for (Event e : log) {
            records.add(new LogRecord(PART, records.size(), e));
        }
        overrides.apply(records);

        assertThat(overrides.list()).singleElement().satisfies(a -> {
            assertThat(a.action()).isEqualTo(AdminPayload.Action.FORCE_BOOST_LISTING);
            assertThat(a.target()).isEqualTo("L7");
            assertThat(a.actor()).isEqualTo("ops-2");
            assertThat(a.reason()).isEqualTo("launch");
        });
    }
}
