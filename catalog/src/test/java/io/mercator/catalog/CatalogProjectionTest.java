package io.mercator.catalog;

import io.mercator.events.Event;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.AdminPayload;
import io.mercator.events.payload.EventPayload;
import io.mercator.events.payload.InteractionPayload;
import io.mercator.events.payload.ListingPayload;
import io.mercator.events.payload.ModerationPayload;
import io.mercator.events.payload.SellerPayload;
import io.mercator.events.payload.TextPayload;
import io.mercator.events.projection.Redelivery;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogProjectionTest {

    private static final long T0 = 1_750_000_000_000L;
    private static final LogPartition PART = new LogPartition("events", 0);

    private final List<LogRecord> log = new ArrayList<>();

    private LogRecord add(String key, long ts, EventPayload data) {
        LogRecord r = new LogRecord(PART, log.size(), Event.of("e" + log.size(), ts, key, data));
        log.add(r);
        return r;
    }

    private static ListingPayload.Published published(String seller, String category) {
        return new ListingPayload.Published(seller, "Canon EOS 80D มือสอง", "สภาพดี ใช้งานปกติ", "th", category,
                9_000, "good", 1, List.of("p/1.jpg", "p/2.jpg"), "Chiang Mai", 18.79, 98.98);
    }

    /** The hash text analysis records the text of {@link #published} under. */
    private static final String PUBLISHED_TEXT = TextPayload.textHash("Canon EOS 80D มือสอง", "สภาพดี ใช้งานปกติ");

    private static AdminPayload.Override admin(AdminPayload.Action action) {
        return new AdminPayload.Override(action, null, "policy");
    }

    private static AdminPayload.Override lift(AdminPayload.Action lifted) {
        return new AdminPayload.Override(AdminPayload.Action.LIFT, lifted, "appeal");
    }

    private static CatalogProjection applied(List<LogRecord> records) {
        CatalogProjection c = new CatalogProjection();
        c.apply(records);
        return c;
    }

    @Test
    void publishedListingIsLiveWithAllItsFields() {
        add("L1", T0, published("S1", "cameras"));
        CatalogProjection c = applied(log);

        Listing l = c.listing("L1").orElseThrow();
        assertThat(l.sellerId()).isEqualTo("S1");
        assertThat(l.category()).isEqualTo("cameras");
        assertThat(l.province()).isEqualTo("Chiang Mai");
        assertThat(l.photos()).containsExactly("p/1.jpg", "p/2.jpg");
        assertThat(l.publishedAt()).isEqualTo(T0);
        assertThat(c.isLive("L1")).isTrue();
        assertThat(c.liveListingCount()).isEqualTo(1);
    }

    @Test
    void updateChangesOnlyTheFieldsItCarries() {
        add("L1", T0, published("S1", "cameras"));
        add("L1", T0 + 1_000, new ListingPayload.Updated(7_500.0, null, null, "ลดราคา", null));
        CatalogProjection c = applied(log);

        Listing l = c.listing("L1").orElseThrow();
        assertThat(l.price()).isEqualTo(7_500.0);
        assertThat(l.description()).isEqualTo("ลดราคา");
        assertThat(l.title()).isEqualTo("Canon EOS 80D มือสอง");
        assertThat(l.stock()).isEqualTo(1);
        assertThat(l.photos()).hasSize(2);
        assertThat(l.updatedAt()).isEqualTo(T0 + 1_000);
        assertThat(l.publishedAt()).isEqualTo(T0);
    }

    @Test
    void updateOfAnUnknownListingIsIgnored() {
        add("L9", T0, new ListingPayload.Updated(1.0, 1, "x", null, null));
        CatalogProjection c = applied(log);
        assertThat(c.isKnown("L9")).isFalse();
    }

    @Test
    void removedListingIsKnownButNotLive() {
        add("L1", T0, published("S1", "cameras"));
        add("L2", T0, published("S1", "cameras"));
        add("L1", T0 + 5, new ListingPayload.Removed("sold"));
        add("L2", T0 + 6, new ModerationPayload.Decided("remove"));
        CatalogProjection c = applied(log);

        assertThat(c.isKnown("L1")).isTrue();
        assertThat(c.isLive("L1")).isFalse();
        assertThat(c.isLive("L2")).isFalse();
        assertThat(c.listing("L1").orElseThrow().removed()).isTrue();
        assertThat(c.liveListingCount()).isZero();
    }

    @Test
    void bannedSellerTakesAllTheirListingsOffline() {
        add("L1", T0, published("S1", "cameras"));
        add("L2", T0, published("S2", "cameras"));
        add("S1", T0 + 1, new SellerPayload.Banned("fraud"));
        CatalogProjection c = applied(log);

        assertThat(c.isSellerBanned("S1")).isTrue();
        assertThat(c.isLive("L1")).isFalse();
        assertThat(c.isKnown("L1")).isTrue();
        List<String> live = new ArrayList<>();
        c.forEachLive(l -> live.add(l.id()));
        assertThat(live).containsExactly("L2");
    }

    @Test
    void adminSellerBanIsLiftedButAModerationBanIsNot() {
        add("L1", T0, published("S1", "cameras"));
        add("L2", T0, published("S2", "cameras"));
        add("S1", T0 + 1, admin(AdminPayload.Action.BAN_SELLER));
        add("S2", T0 + 1, admin(AdminPayload.Action.BAN_SELLER));
        add("S2", T0 + 2, new SellerPayload.Banned("fraud"));
        CatalogProjection c = applied(log);
        assertThat(c.isLive("L1")).isFalse();

        c.apply(List.of(add("S1", T0 + 3, lift(AdminPayload.Action.BAN_SELLER)),
                add("S2", T0 + 3, lift(AdminPayload.Action.BAN_SELLER))));
        assertThat(c.isLive("L1")).isTrue();
        assertThat(c.isSellerBanned("S2")).isTrue();
        assertThat(c.isLive("L2")).isFalse();
    }

    @Test
    void bannedCategoryIsNotLiveUntilLifted() {
        add("L1", T0, published("S1", "amulets"));
        add("L2", T0, published("S1", "cameras"));
        add("amulets", T0 + 1, admin(AdminPayload.Action.BAN_CATEGORY));
        CatalogProjection c = applied(log);
        assertThat(c.isCategoryBanned("amulets")).isTrue();
        assertThat(c.isLive("L1")).isFalse();
        assertThat(c.liveListingCount()).isEqualTo(1);

        c.apply(List.of(add("amulets", T0 + 2, lift(AdminPayload.Action.BAN_CATEGORY))));
        assertThat(c.isCategoryBanned("amulets")).isFalse();
        assertThat(c.isLive("L1")).isTrue();
    }

    @Test
    void liftUndoesOnlyTheNamedActionOnTheSameTarget() {
        add("L1", T0, published("S1", "cameras"));
        add("L1", T0 + 1, admin(AdminPayload.Action.FORCE_BOOST_LISTING));
        add("cameras", T0 + 1, admin(AdminPayload.Action.BAN_CATEGORY));
        add("cameras", T0 + 2, lift(AdminPayload.Action.FORCE_BOOST_LISTING));
        add("L2", T0 + 2, lift(AdminPayload.Action.FORCE_BOOST_LISTING));
        CatalogProjection c = applied(log);

        assertThat(c.isCategoryBanned("cameras")).isTrue();
        assertThat(c.isForceBoosted("L1")).isTrue();

        c.apply(List.of(add("L1", T0 + 3, lift(AdminPayload.Action.FORCE_BOOST_LISTING))));
        assertThat(c.isForceBoosted("L1")).isFalse();
    }

    @Test
    void sellerStateCountsReportsAndVerification() {
        add("S1", T0, new SellerPayload.Registered("Bangkok"));
        add("S1", T0 + 1, new SellerPayload.Reported("no show", "L1"));
        add("S1", T0 + 2, new SellerPayload.Reported("fake", null));
        add("S1", T0 + 3, new SellerPayload.Verified("ekyc"));
        CatalogProjection c = applied(log);

        SellerState s = c.seller("S1").orElseThrow();
        assertThat(s.province()).isEqualTo("Bangkok");
        assertThat(s.registeredAt()).isEqualTo(T0);
        assertThat(s.reports()).isEqualTo(2);
        assertThat(s.verified()).isTrue();
        assertThat(s.banned()).isFalse();
    }

    @Test
    void interactionsDoNotTouchTheCatalog() {
        add("L1", T0, published("S1", "cameras"));
        add("U1", T0 + 1, new InteractionPayload.Order("r1", "L1", 1, 9_000));
        CatalogProjection c = applied(log);
        assertThat(c.listing("L1").orElseThrow().stock()).isEqualTo(1);
    }

    private List<LogRecord> mixedLog() {
        for (int i = 0; i < 50; i++) {
            add("L" + i, T0 + i, published("S" + (i % 7), i % 3 == 0 ? "amulets" : "cameras"));
        }
        for (int i = 0; i < 50; i += 4) {
            add("L" + i, T0 + 100 + i, new ListingPayload.Updated((double) i, i % 2, null, null, null));
        }
        add("S3", T0 + 200, new SellerPayload.Banned("fraud"));
        add("S4", T0 + 201, new SellerPayload.Reported("late", null));
        add("amulets", T0 + 202, admin(AdminPayload.Action.BAN_CATEGORY));
        add("L5", T0 + 203, new ListingPayload.Removed("sold"));
        return List.copyOf(log);
    }

    private static String state(CatalogProjection c) {
        TreeMap<String, Object> all = new TreeMap<>();
        c.forEachKnown(l -> all.put("listing:" + l.id(), l + " live=" + c.isLive(l.id())));
        c.forEachSeller(s -> all.put("seller:" + s.id(), s));
        all.put("amulets banned", c.isCategoryBanned("amulets"));
        return all.toString();
    }

    @Test
    void replayingTheSameEventsGivesTheSameCatalog() {
        List<LogRecord> events = mixedLog();
        CatalogProjection a = applied(events);
        CatalogProjection b = new CatalogProjection();
        // different batch boundaries must not matter either
        for (int i = 0; i < events.size(); i += 7) {
            b.apply(events.subList(i, Math.min(events.size(), i + 7)));
        }
        assertThat(state(b)).isEqualTo(state(a));
        assertThat(a.liveListingCount()).isEqualTo(b.liveListingCount()).isPositive();
    }

    @Test
    void applyingTheSameBatchTwiceChangesNothing() {
        add("S1", T0, new SellerPayload.Registered("Bangkok"));
        List<LogRecord> events = mixedLog();
        add("S1", T0 + 300, new SellerPayload.Reported("x", null));
        String once = state(applied(events));

        CatalogProjection twice = new CatalogProjection();
        List<Event> all = events.stream().map(LogRecord::event).toList();
        Redelivery.throughTheRunner(twice, all, all);
        assertThat(state(twice)).isEqualTo(once);
        assertThat(twice.seller("S4").orElseThrow().reports()).isEqualTo(1);
    }

    @Test
    void aModeratorsLastDecisionStandsAndABanTakesTheSellersOtherListingsToo() {
        add("L1", T0, published("S1", "cameras"));
        add("L2", T0 + 1, published("S1", "cameras"));
        add("L3", T0 + 2, published("S2", "cameras"));
        add("L3", T0 + 3, new ModerationPayload.Decided(ModerationPayload.Decided.REMOVE));
        CatalogProjection c = applied(log);
        assertThat(c.isLive("L3")).isFalse();
        assertThat(c.listing("L3").orElseThrow().removedByModeration()).isTrue();
        assertThat(c.listing("L3").orElseThrow().removed()).as("not the seller's doing").isFalse();

        add("L3", T0 + 4, new ModerationPayload.Decided(ModerationPayload.Decided.APPROVE));
        add("L1", T0 + 5, new ModerationPayload.Decided(ModerationPayload.Decided.BAN_SELLER, "counterfeits",
                "moderator-1", "L1#1", "t-1"));
        c = applied(log);
        assertThat(c.isLive("L3")).as("approved on appeal").isTrue();
        assertThat(c.isLive("L1")).isFalse();
        assertThat(c.isSellerBanned("S1")).isTrue();
        assertThat(c.isLive("L2")).as("the banned seller's other listing").isFalse();
    }

    @Test
    void textAnalysisHoldsAListingUntilAModeratorDecidesAndMarksOneItCouldNotAnalyse() {
        add("L1", T0, published("S1", "cameras"));
        add("L2", T0, published("S1", "cameras"));
        add("L1", T0 + 1, new TextPayload.Analyzed(PUBLISHED_TEXT, 0.02, "block", "th", java.util.Map.of("prohibited", 0.98),
                List.of(), "t-1", true));
        add("L2", T0 + 1, new TextPayload.Deferred(PUBLISHED_TEXT, "breaker open"));
        CatalogProjection c = applied(log);
        assertThat(c.listing("L1").orElseThrow().textCheck()).isEqualTo(TextCheck.HELD);
        assertThat(c.isLive("L1")).isFalse();
        assertThat(c.listing("L2").orElseThrow().textCheck()).isEqualTo(TextCheck.PENDING_REVIEW);
        assertThat(c.isLive("L2")).as("served while analysis is down").isTrue();

        add("L1", T0 + 2, new ModerationPayload.Decided(ModerationPayload.Decided.APPROVE));
        add("L2", T0 + 2, new TextPayload.Analyzed(PUBLISHED_TEXT, 0.9, "allow", "th", java.util.Map.of(), List.of(), "t-1", false));
        c = applied(log);
        assertThat(c.listing("L1").orElseThrow().textCheck()).isEqualTo(TextCheck.CHECKED);
        assertThat(c.isLive("L1")).as("approved").isTrue();
        assertThat(c.listing("L2").orElseThrow().textCheck()).isEqualTo(TextCheck.CHECKED);

        add("L2", T0 + 3, new ListingPayload.Updated(null, null, null, "ทักไลน์มา", null));
        assertThat(applied(log).listing("L2").orElseThrow().textCheck()).as("new text waits for analysis")
                .isEqualTo(TextCheck.UNCHECKED);
    }

    @Test
    void anAnalysisOfTextTheSellerHasSinceChangedCountsForNothing() {
        add("L1", T0, published("S1", "cameras"));
        add("L1", T0 + 1, new ListingPayload.Updated(null, null, null, "ทักไลน์มา", null));
        add("L1", T0 + 2, new TextPayload.Analyzed(PUBLISHED_TEXT, 0.9, "allow", "th", java.util.Map.of(), List.of(), "t-1", false));
        assertThat(applied(log).listing("L1").orElseThrow().textCheck()).isEqualTo(TextCheck.UNCHECKED);
    }

    /**
     * On Kafka each family is a topic and a projection reads them in turn, so a listing's text
     * analysis or a moderator's decision can be applied before the listing itself (on every replay
     * of a long log): the catalog must come out the same whichever family is read first.
     */
    @Test
    void theCatalogIsTheSameWhicheverFamilyIsReadFirst() {
        String changed = TextPayload.textHash("Canon EOS 80D มือสอง", "ทักไลน์มา");
        add("L1", T0, published("S1", "cameras"));
        add("L2", T0, published("S2", "cameras"));
        add("L3", T0, published("S3", "cameras"));
        add("L4", T0, published("S4", "cameras"));
        add("L5", T0, published("S5", "cameras"));
        // L1 held, then approved by a moderator; L2 held and still held; L3 deferred; L4 removed and
        // its seller banned; L5 checked, then changed while held by a second analysis
        add("L1", T0 + 1, new TextPayload.Analyzed(PUBLISHED_TEXT, 0.02, "block", "th", java.util.Map.of(), List.of(), "t-1", true));
        add("L2", T0 + 1, new TextPayload.Analyzed(PUBLISHED_TEXT, 0.02, "block", "th", java.util.Map.of(), List.of(), "t-1", true));
        add("L3", T0 + 1, new TextPayload.Deferred(PUBLISHED_TEXT, "breaker open"));
        add("L5", T0 + 1, new TextPayload.Analyzed(PUBLISHED_TEXT, 0.9, "allow", "th", java.util.Map.of(), List.of(), "t-1", false));
        add("L1", T0 + 2, new ModerationPayload.Decided(ModerationPayload.Decided.APPROVE));
        add("L4", T0 + 2, new ModerationPayload.Decided(ModerationPayload.Decided.BAN_SELLER));
        add("L5", T0 + 3, new ListingPayload.Updated(null, null, null, "ทักไลน์มา", null));
        add("L5", T0 + 4, new TextPayload.Analyzed(changed, 0.02, "block", "th", java.util.Map.of(), List.of(), "t-1", true));

        CatalogProjection inOrder = applied(log);
        assertThat(inOrder.listing("L1").orElseThrow().textCheck()).isEqualTo(TextCheck.CHECKED);
        assertThat(inOrder.listing("L2").orElseThrow().textCheck()).isEqualTo(TextCheck.HELD);
        assertThat(inOrder.listing("L3").orElseThrow().textCheck()).isEqualTo(TextCheck.PENDING_REVIEW);
        assertThat(inOrder.listing("L4").orElseThrow().removedByModeration()).isTrue();
        assertThat(inOrder.isSellerBanned("S4")).isTrue();
        assertThat(inOrder.listing("L5").orElseThrow().textCheck()).isEqualTo(TextCheck.HELD);

        // every family on its own, in each order a round-robin reader could take them
        List<List<String>> orders = List.of(List.of("text", "moderation", "listing"), List.of("moderation", "text", "listing"),
                List.of("text", "listing", "moderation"), List.of("listing", "moderation", "text"));
        for (List<String> order : orders) {
            List<LogRecord> byFamily = new ArrayList<>();
            for (String family : order) {
                log.stream().filter(r -> r.event().type().family().wireName().equals(family)).forEach(byFamily::add);
            }
            CatalogProjection c = applied(byFamily);
            for (String id : List.of("L1", "L2", "L3", "L4", "L5")) {
                assertThat(c.listing(id)).as(id + " read " + order).isEqualTo(inOrder.listing(id));
                assertThat(c.isLive(id)).as(id + " live, read " + order).isEqualTo(inOrder.isLive(id));
            }
            assertThat(c.isSellerBanned("S4")).as("read " + order).isTrue();
        }
    }
}
