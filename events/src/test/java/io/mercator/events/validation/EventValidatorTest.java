package io.mercator.events.validation;

import io.mercator.events.Event;
import io.mercator.events.TestEvents;
import io.mercator.events.payload.AdminPayload;
import io.mercator.events.payload.BoostPayload;
import io.mercator.events.payload.InteractionPayload;
import io.mercator.events.payload.ListingPayload;
import io.mercator.events.payload.UserPayload;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EventValidatorTest {

    /** The clock stands one day after the sample events. */
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(TestEvents.TS + 86_400_000L), ZoneOffset.UTC);
    private static final Set<String> KNOWN = Set.of(TestEvents.LISTING);

    private final EventValidator validator = new EventValidator(CLOCK, KNOWN::contains);

    private static Event published(String listingId, double price, double lat, double lon, String category) {
        ListingPayload.Published p = TestEvents.published();
        return Event.of("pub-" + listingId, TestEvents.TS, listingId, new ListingPayload.Published(p.sellerId(),
                p.title(), p.description(), p.lang(), category, price, p.condition(), p.stock(), p.photos(),
                p.province(), lat, lon));
    }

    private static Event published(double price) {
        return published("L-new", price, 13.75, 100.5, "mobile-phones");
    }

    private List<Rejection> validate(Event... events) {
        return validator.validate(List.of(events));
    }

    private String onlyReason(Event e) {
        List<Rejection> rejections = validate(e);
        assertThat(rejections).hasSize(1);
        assertThat(rejections.get(0).index()).isZero();
        assertThat(rejections.get(0).eventId()).isEqualTo(e.id());
        return rejections.get(0).reason();
    }

    @Test
    void aValidEventOfEveryFamilyPasses() {
        List<Event> all = TestEvents.oneOfEveryType();
        assertThat(validator.validate(all)).isEmpty();
    }

    private static Event boost(String id, long ts, BoostPayload payload) {
        return Event.of(id, ts, TestEvents.LISTING, payload);
    }

    @Test
    void badBoostCampaignsAreRefusedWithTheirReason() {
        long ts = TestEvents.TS;
        long day = 86_400_000L;
        assertThat(onlyReason(boost("b1", ts, new BoostPayload.CampaignStarted("c-9", -100, 40, ts + day))))
                .contains("budget must be a positive amount");
        assertThat(onlyReason(boost("b2", ts, new BoostPayload.CampaignStarted("c-9", 100, 400, ts + day))))
                .contains("bidPerMille 400.0 is above the budget 100.0");
        assertThat(onlyReason(boost("b3", ts, new BoostPayload.CampaignStarted("c-9", 100, 40, ts - 1))))
                .contains("is not after the campaign's start");
        assertThat(onlyReason(boost("b4", ts, new BoostPayload.BudgetChanged("c-unknown", 100))))
                .contains("unknown campaign 'c-unknown'");
        assertThat(onlyReason(boost("b5", ts, new BoostPayload.Spend("c-unknown", 1))))
                .contains("unknown campaign 'c-unknown'");

        // a duplicate id: within one batch, and against a campaign started earlier
        Event first = boost("b6", ts, new BoostPayload.CampaignStarted("c-9", 100, 40, ts + day));
        Event again = boost("b7", ts, new BoostPayload.CampaignStarted("c-9", 200, 40, ts + day));
        List<Rejection> rejections = validate(first, again);
        assertThat(rejections).singleElement().satisfies(r -> {
            assertThat(r.index()).isEqualTo(1);
            assertThat(r.reason()).contains("campaign 'c-9' already exists");
        });
        EventValidator knowsC9 = new EventValidator(CLOCK, KNOWN::contains, "c-9"::equals);
        assertThat(knowsC9.validate(List.of(again))).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("already exists"));
        // and a change of a campaign started in the same batch, or earlier, passes
        assertThat(validate(first, boost("b8", ts, new BoostPayload.BudgetChanged("c-9", 300)))).isEmpty();
        assertThat(knowsC9.validate(List.of(boost("b9", ts, new BoostPayload.BudgetChanged("c-9", 300))))).isEmpty();
    }

    @Test
    void negativePrice() {
        assertThat(onlyReason(published(-1))).contains("price must not be negative");
        Event update = Event.of("u", TestEvents.TS, TestEvents.LISTING, new ListingPayload.Updated(-5.0, null, null, null, null));
        assertThat(onlyReason(update)).contains("price must not be negative");
        assertThat(onlyReason(published(Double.NaN))).contains("price");
    }

    @Test
    void absurdPrice() {
        assertThat(onlyReason(published(EventValidator.MAX_PRICE_THB + 1))).contains("absurd");
        assertThat(validate(published(EventValidator.MAX_PRICE_THB))).as("the limit itself is fine").isEmpty();
        Event order = Event.of("o", TestEvents.TS, TestEvents.USER,
                new InteractionPayload.Order("r", TestEvents.LISTING, 1, 50_000_000));
        assertThat(onlyReason(order)).contains("absurd");
    }

    @Test
    void coordinatesOutsideThailand() {
        // Kuala Lumpur, and a point east of the border in Vietnam; Phuket stays valid
        assertThat(onlyReason(published("L-kl", 100, 3.139, 101.687, "books"))).contains("outside Thailand");
        assertThat(onlyReason(published("L-x", 100, 13.7, 110.0, "books"))).contains("outside Thailand");
        assertThat(validate(published("L-phuket", 100, 7.88, 98.39, "books"))).isEmpty();
        Event profile = Event.of("p", TestEvents.TS, TestEvents.USER, new UserPayload.Profile("25-34", "m", 35.68, 139.69, 20));
        assertThat(onlyReason(profile)).contains("outside Thailand");
    }

    @Test
    void timestampFarInTheFuture() {
        long now = CLOCK.millis();
        Event future = TestEvents.click("c", TestEvents.USER, 0);
        future = new Event(future.id(), future.type(), future.version(), now + 3_600_000L, future.key(), future.data());
        assertThat(onlyReason(future)).contains("in the future");
        Event skewed = new Event("c2", future.type(), 1, now + 60_000L, future.key(), future.data());
        assertThat(validate(skewed)).as("a minute of clock skew is tolerated").isEmpty();
        Event ancient = new Event("c3", future.type(), 1, 0L, future.key(), future.data());
        assertThat(onlyReason(ancient)).contains("before 2000");
    }

    @Test
    void referenceToAnUnknownListing() {
        Event click = Event.of("c", TestEvents.TS, TestEvents.USER, new InteractionPayload.Click("r", "L-ghost"));
        assertThat(onlyReason(click)).contains("unknown listing 'L-ghost'");
        Event removed = Event.of("rm", TestEvents.TS, "L-ghost", new ListingPayload.Removed("sold"));
        assertThat(onlyReason(removed)).contains("unknown listing 'L-ghost'");
    }

    @Test
    void aServedListNamesItsFirstBadItem() {
        InteractionPayload.Impressions good = TestEvents.impressions("r", TestEvents.LISTING, TestEvents.LISTING);
        assertThat(validate(Event.of("ok", TestEvents.TS, TestEvents.USER, good))).isEmpty();

        Event ghost = Event.of("g", TestEvents.TS, TestEvents.USER,
                TestEvents.impressions("r", TestEvents.LISTING, "L-ghost"));
        assertThat(onlyReason(ghost)).isEqualTo("items[1]: unknown listing 'L-ghost'");

        InteractionPayload.Impressions.Shown atZero = new InteractionPayload.Impressions.Shown(TestEvents.LISTING, 0, null);
        assertThat(onlyReason(list(good.featureNames(), "feed", List.of(atZero))))
                .isEqualTo("items[0]: position must be 1 or more");
        InteractionPayload.Impressions.Shown short1 =
                new InteractionPayload.Impressions.Shown(TestEvents.LISTING, 1, new double[] {1});
        assertThat(onlyReason(list(good.featureNames(), "feed", List.of(short1))))
                .isEqualTo("items[0]: 1 features for 2 featureNames");
        assertThat(onlyReason(list(null, "feed", List.of(short1))))
                .isEqualTo("items[0]: features without featureNames");
        assertThat(onlyReason(list(null, "home", good.items()))).contains("surface must be 'feed' or 'search'");
        assertThat(onlyReason(list(null, "feed", List.of()))).contains("items must not be empty");
    }

    private static Event list(List<String> names, String surface, List<InteractionPayload.Impressions.Shown> items) {
        return Event.of("l", TestEvents.TS, TestEvents.USER,
                new InteractionPayload.Impressions("r", surface, null, "ltr-7", "ios", names, items));
    }

    @Test
    void aListingPublishedEarlierInTheBatchCountsAsKnown() {
        Event publish = published("L-fresh", 500, 13.75, 100.5, "books");
        Event click = Event.of("c", TestEvents.TS, TestEvents.USER, new InteractionPayload.Click("r", "L-fresh"));
        assertThat(validate(publish, click)).isEmpty();
        // the order matters: a click before the publish points at nothing yet
        List<Rejection> reversed = validate(click, publish);
        assertThat(reversed).extracting(Rejection::index).containsExactly(0);
        // and a rejected publish does not make its listing known
        Event badPublish = published("L-fresh", -1, 13.75, 100.5, "books");
        assertThat(validate(badPublish, click)).extracting(Rejection::index).containsExactly(0, 1);
    }

    @Test
    void unknownCategory() {
        assertThat(onlyReason(published("L-c", 100, 13.75, 100.5, "spaceships"))).contains("unknown category 'spaceships'");
        Event ban = Event.of("a", TestEvents.TS, "spaceships",
                new AdminPayload.Override(AdminPayload.Action.BAN_CATEGORY, null, "x"));
        assertThat(onlyReason(ban)).contains("unknown category");
    }

    @Test
    void anAuditRecordNamesWhoActedAndWhat() {
        Event noActor = Event.of("au-1", TestEvents.TS, "m-1",
                new AdminPayload.Audit(" ", "admin", "model.promote", "m-1", "better NDCG", 200));
        assertThat(onlyReason(noActor)).contains("actor");
        Event noAction = Event.of("au-2", TestEvents.TS, "m-1",
                new AdminPayload.Audit("ops-oncall", "admin", null, "m-1", "better NDCG", 200));
        assertThat(onlyReason(noAction)).contains("action");
    }

    @Test
    void aPhotoAnalysisAndAnIdentityCheckSayWhatIsWrong() {
        Event noHashes = Event.of("ph-1", TestEvents.TS, TestEvents.LISTING, new io.mercator.events.payload.ListingPayload.PhotoAnalyzed(
                "ph", TestEvents.SELLER, List.of(), "", "shoes", 0.9, 0.01, List.of(), 0.99, List.of(), "v-1"));
        assertThat(onlyReason(noHashes)).contains("hashes");
        Event badSafety = Event.of("ph-2", TestEvents.TS, TestEvents.LISTING, new io.mercator.events.payload.ListingPayload.PhotoAnalyzed(
                "ph", TestEvents.SELLER, List.of("8f3a0c1e22b4d5f6"), "", "shoes", 0.9, 0.01, List.of(), 1.5, List.of(), "v-1"));
        assertThat(onlyReason(badSafety)).contains("safety");
        Event badDecision = Event.of("k-1", TestEvents.TS, TestEvents.SELLER, new io.mercator.events.payload.SellerPayload.KycChecked(
                "ab12", 0.9, 0.9, "maybe", List.of(), "f-1"));
        assertThat(onlyReason(badDecision)).contains("decision");
        Event noHash = Event.of("k-2", TestEvents.TS, TestEvents.SELLER, new io.mercator.events.payload.SellerPayload.KycChecked(
                " ", 0.9, 0.9, "match", List.of(), "f-1"));
        assertThat(onlyReason(noHash)).contains("faceHash");
    }

    @Test
    void badMaxDistance() {
        for (int km : new int[]{0, -3, EventValidator.MAX_DISTANCE_KM + 1}) {
            Event profile = Event.of("p" + km, TestEvents.TS, TestEvents.USER, new UserPayload.Profile("25-34", "f", 13.7, 100.5, km));
            assertThat(onlyReason(profile)).contains("maxDistanceKm");
        }
        Event edge = Event.of("p", TestEvents.TS, TestEvents.USER,
                new UserPayload.Profile("25-34", "f", 13.7, 100.5, EventValidator.MAX_DISTANCE_KM));
        assertThat(validate(edge)).isEmpty();
    }

    @Test
    void oneRejectionPerBadEventWithItsIndex() {
        Event good = TestEvents.click("good", TestEvents.USER, 0);
        Event badPrice = published(-1);
        Event unknown = Event.of("ghost", TestEvents.TS, TestEvents.USER, new InteractionPayload.Click("r", "L-ghost"));
        // several faults in one event still give a single rejection
        Event twoFaults = published("L-2", -1, 0, 0, "spaceships");

        List<Rejection> rejections = validate(good, badPrice, good, unknown, twoFaults);
        assertThat(rejections).extracting(Rejection::index).containsExactly(1, 3, 4);
        assertThat(rejections).extracting(Rejection::eventId).containsExactly(badPrice.id(), "ghost", twoFaults.id());
        assertThat(rejections).allSatisfy(r -> assertThat(r.reason()).isNotBlank());
    }

    @Test
    void missingRequiredTextFields() {
        Event blankKey = TestEvents.click("c", " ", 0);
        assertThat(onlyReason(blankKey)).contains("missing key");
        Event noListing = Event.of("c", TestEvents.TS, TestEvents.USER, new InteractionPayload.Click("r", null));
        assertThat(onlyReason(noListing)).contains("missing listingId");
        Event badSurface = Event.of("i", TestEvents.TS, TestEvents.USER, new InteractionPayload.Impression(
                "r", "homepage", null, TestEvents.LISTING, 1, "m", "web", null));
        assertThat(onlyReason(badSurface)).contains("surface");
    }
}
