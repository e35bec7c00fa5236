package io.mercator.learning;

import io.mercator.events.Event;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.EventPayload;
import io.mercator.events.payload.InteractionPayload;
import io.mercator.events.payload.ListingPayload;
import io.mercator.events.payload.SellerPayload;
import io.mercator.events.payload.UserPayload;
import io.mercator.simulator.MarketplaceSimulator;
import io.mercator.simulator.SimulationConfig;
import io.mercator.events.projection.Redelivery;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrainingSetProjectionTest {

    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00Z
    private static final long MIN = 60_000L;
    private static final LogPartition PARTITION = new LogPartition("events", 0);

    private final List<Event> log = new ArrayList<>();
    private int ids;

    private void at(long ts, String key, EventPayload payload) {
        log.add(Event.of("e-" + ids++, ts, key, payload));
    }

    private void market() {
        at(T0, "S-1", new SellerPayload.Registered("Bangkok"));
        at(T0, "L-1", new ListingPayload.Published("S-1", "iPhone 13 Pro", "ok", "en", "mobile-phones", 10_000,
                "good", 3, List.of("a.jpg"), "Bangkok", 13.75, 100.50));
        at(T0, "L-2", new ListingPayload.Published("S-1", "Canon EOS", "ok", "en", "cameras", 8_000,
                "good", 3, List.of("a.jpg"), "Bangkok", 13.80, 100.55));
        at(T0, "U-1", new UserPayload.Profile("25-34", "f", 13.75, 100.50, 100));
        at(T0, "U-2", new UserPayload.Profile("35-44", "m", 13.70, 100.40, 50));
    }

    private static InteractionPayload.Impression impression(String request, String listing, int position) {
        return new InteractionPayload.Impression(request, "feed", null, listing, position, "simulator", "ios", null);
    }

    private static List<LogRecord> records(List<Event> events) {
        List<LogRecord> out = new ArrayList<>();
        long offset = 0;
        for (Event e : events) {
            out.add(new LogRecord(PARTITION, offset++, e));
        }
        return out;
    }

    private static TrainingSet run(List<Event> events, int batchSize) {
        TrainingSetProjection p = new TrainingSetProjection();
        List<LogRecord> all = records(events);
        for (int i = 0; i < all.size(); i += batchSize) {
            assertThat(p.apply(all.subList(i, Math.min(all.size(), i + batchSize))).succeeded()).isTrue();
        }
        p.flush();
        return p.trainingSet();
    }

    private static TrainingRow find(TrainingSet set, String request, String listing) {
        for (int i = 0; i < set.size(); i++) {
            if (set.requestId(i).equals(request) && set.listingId(i).equals(listing)) {
                return set.row(i);
            }
        }
        throw new AssertionError("no row for " + request + "/" + listing);
    }

    private static double feature(TrainingRow row, String name) {
        return row.features()[RankingFeatures.NAMES.indexOf(name)];
    }

    @Test
    void laterClicksAndOrdersDoNotLeakIntoAnEarlierImpressionButShowInALaterOne() {
        market();
        at(T0 + 10 * MIN, "U-1", impression("r-1", "L-1", 1));
        at(T0 + 10 * MIN, "U-1", impression("r-1", "L-2", 2));
        at(T0 + 10 * MIN + 5_000, "U-1", new InteractionPayload.Click("r-1", "L-1"));
        at(T0 + 12 * MIN, "U-1", new InteractionPayload.AddToCart("r-1", "L-1", 1));
        at(T0 + 15 * MIN, "U-1", new InteractionPayload.Order("r-1", "L-1", 1, 10_000));
        at(T0 + 16 * MIN, "U-1", impression("r-2", "L-1", 1));

        for (int batchSize : new int[]{1, 3, 1000}) {
            TrainingSet set = run(log, batchSize);
            TrainingRow before = find(set, "r-1", "L-1");
            TrainingRow after = find(set, "r-2", "L-1");

            // the first showing was labelled by what followed it...
            assertThat(before.click()).isTrue();
            assertThat(before.cart()).isTrue();
            assertThat(before.order()).isTrue();
            assertThat(before.grade()).isEqualTo(3);
            // ...but its features know none of it
            assertThat(feature(before, "clicks_last_hour")).isZero();
            assertThat(feature(before, "views_last_hour")).isZero();
            assertThat(feature(before, "views_total")).isZero();
            assertThat(feature(before, "orders_total")).isZero();
            assertThat(feature(before, "user_orders_total")).isZero();
            assertThat(feature(before, "user_lifetime_spend")).isZero();
            assertThat(feature(before, "session_clicks_last_5m")).isZero();
            assertThat(feature(before, "category_affinity")).isZero();
            assertThat(feature(before, "stock")).isEqualTo(3);

            // the later impression sees the click, the order and the sold unit
            assertThat(feature(after, "clicks_last_hour")).isEqualTo(1);
            assertThat(feature(after, "views_total")).isEqualTo(1);
            assertThat(feature(after, "orders_total")).isEqualTo(1);
            assertThat(feature(after, "user_orders_total")).isEqualTo(1);
            assertThat(feature(after, "user_lifetime_spend")).isEqualTo(10_000);
            assertThat(feature(after, "category_affinity")).isEqualTo(1);
            assertThat(feature(after, "last_viewed_category_match")).isEqualTo(1);
            assertThat(after.click()).isFalse();
        }
    }

    @Test
    void aListingUpdateAfterTheImpressionDoesNotChangeItsRow() {
        market();
        at(T0 + MIN, "U-1", impression("r-1", "L-1", 1));
        at(T0 + 2 * MIN, "L-1", new ListingPayload.Updated(7_000.0, null, null, null, null));
        at(T0 + 3 * MIN, "U-1", impression("r-2", "L-1", 1));

        TrainingSet set = run(log, 1000);
        assertThat(feature(find(set, "r-1", "L-1"), "price")).isEqualTo(10_000);
        assertThat(feature(find(set, "r-2", "L-1"), "price")).isEqualTo(7_000);
    }

    @Test
    void onlyInteractionsWithinTheHourOfTheSameRequestAndUserAreLabels() {
        market();
        at(T0 + MIN, "U-1", impression("r-1", "L-1", 1));
        at(T0 + MIN, "U-1", impression("r-1", "L-2", 2));
        at(T0 + 2 * MIN, "U-2", impression("r-9", "L-1", 1));
        at(T0 + 2 * MIN, "U-1", new InteractionPayload.Click("r-other", "L-2")); // another request
        at(T0 + 3 * MIN, "U-2", new InteractionPayload.Click("r-1", "L-2")); // another user
        at(T0 + 60 * MIN, "U-1", new InteractionPayload.Click("r-1", "L-2")); // 59 minutes: in
        at(T0 + 62 * MIN, "U-1", new InteractionPayload.Click("r-1", "L-1")); // 61 minutes: out

        TrainingSet set = run(log, 1000);
        assertThat(set.size()).isEqualTo(3);
        assertThat(find(set, "r-1", "L-1").click()).isFalse();
        assertThat(find(set, "r-1", "L-2").click()).isTrue();
        assertThat(find(set, "r-9", "L-1").click()).isFalse();
    }

    @Test
    void rowsAreEmittedOnceEventTimePassesTheWindow() {
        market();
        at(T0 + MIN, "U-1", impression("r-1", "L-1", 1));
        at(T0 + 30 * MIN, "U-2", impression("r-2", "L-2", 1));
        at(T0 + 61 * MIN + 1, "U-2", new InteractionPayload.Click("r-2", "L-2"));
        TrainingSetProjection p = new TrainingSetProjection();
        List<LogRecord> all = records(log);

        p.apply(all.subList(0, all.size() - 1));
        assertThat(p.trainingSet().size()).isZero();
        assertThat(p.openRows()).isEqualTo(2);

        p.apply(all.subList(all.size() - 1, all.size()));
        assertThat(p.trainingSet().size()).isEqualTo(1);
        assertThat(p.trainingSet().requestId(0)).isEqualTo("r-1");

        p.flush();
        assertThat(p.trainingSet().size()).isEqualTo(2);
        assertThat(find(p.trainingSet(), "r-2", "L-2").click()).isTrue();
    }

    @Test
    void loggedFeaturesAreUsedAsServedInNameOrder() {
        market();
        at(T0 + MIN, "U-1", new InteractionPayload.Impression("r-1", "search", "iphone", "L-1", 1, "m-1", "web",
                io.mercator.events.payload.FeatureValues.of(List.of("price", "distance_km", "not_a_feature"),
                        new double[] {123.0, 4.5, 9.0})));
        TrainingRow row = find(run(log, 1000), "r-1", "L-1");
        assertThat(feature(row, "price")).isEqualTo(123);
        assertThat(feature(row, "distance_km")).isEqualTo(4.5f);
        assertThat(feature(row, "quality_score")).isNaN(); // not logged: missing, not recomputed
        assertThat(row.surface()).isEqualTo("search");
    }

    @Test
    void redeliveredEventsChangeNothing() {
        market();
        at(T0 + MIN, "U-1", impression("r-1", "L-1", 1));
        at(T0 + MIN, "U-1", impression("r-1", "L-2", 2));
        at(T0 + 2 * MIN, "U-1", new InteractionPayload.Click("r-1", "L-1"));
        at(T0 + 3 * MIN, "U-1", impression("r-2", "L-1", 1));

        TrainingSet once = run(log, 2);
        TrainingSetProjection p = new TrainingSetProjection();
        // the interactions again, as an at-least-once redelivery, through the runner as in the service
        Redelivery.throughTheRunner(p, log, log.subList(5, log.size()));
        p.flush();
        TrainingSet again = p.trainingSet();
        assertSameRows(again, once);
        assertThat(feature(find(again, "r-2", "L-1"), "views_total")).isEqualTo(1); // the redelivered showing is not counted twice
    }

    @Test
    void replayingASimulatedLogGivesTheSameRowsWhateverTheBatches() {
        SimulationConfig config = new SimulationConfig(150, 2, 3L, T0);
        List<Event> events = new ArrayList<>();
        new MarketplaceSimulator(config).run(events::addAll);

        TrainingSet a = run(events, 4096);
        TrainingSet b = run(events, 777);
        assertThat(a.size()).isGreaterThan(1_000);
        assertSameRows(a, b);
        long impressions = events.stream().filter(e -> e.data() instanceof InteractionPayload.Impression).count();
        assertThat(a.size()).isEqualTo((int) impressions);
        long clicks = events.stream().filter(e -> e.data() instanceof InteractionPayload.Click).count();
        int labelled = 0;
        for (int i = 0; i < a.size(); i++) {
            labelled += a.clicked(i) ? 1 : 0;
        }
        assertThat(labelled).isEqualTo((int) clicks); // every simulated click lands well inside the hour
    }

    @Test
    void servedListsGiveTheRowsOfTheirItemsShownOneByOne() {
        SimulationConfig config = new SimulationConfig(150, 2, 5L, T0);
        List<Event> events = new ArrayList<>();
        new MarketplaceSimulator(config).run(events::addAll);
        List<Event> lists = asServedLists(events);
        assertThat(lists.size()).as("the simulated requests show several listings each").isLessThan(events.size() / 2);

        TrainingSet fromSingles = run(events, 4096);
        TrainingSet fromLists = run(lists, 333);
        assertThat(fromLists.size()).isGreaterThan(1_000);
        assertSameRows(fromLists, fromSingles);
    }

    /** The log with each run of single impressions of one request (same user, same time) as one served list. */
    private static List<Event> asServedLists(List<Event> events) {
        List<Event> out = new ArrayList<>();
        List<InteractionPayload.Impression> run = new ArrayList<>();
        Event head = null;
        for (Event e : events) {
            if (e.data() instanceof InteractionPayload.Impression imp) {
                InteractionPayload.Impression first = run.isEmpty() ? null : run.get(0);
                if (first != null && (!first.requestId().equals(imp.requestId()) || !head.key().equals(e.key())
                        || head.ts() != e.ts())) {
                    out.add(list(head, run));
                    run.clear();
                }
                if (run.isEmpty()) {
                    head = e;
                }
                run.add(imp);
                continue;
            }
            if (!run.isEmpty()) {
                out.add(list(head, run));
                run.clear();
            }
            out.add(e);
        }
        if (!run.isEmpty()) {
            out.add(list(head, run));
        }
        return out;
    }

    private static Event list(Event head, List<InteractionPayload.Impression> run) {
        InteractionPayload.Impression first = run.get(0);
        List<InteractionPayload.Impressions.Shown> items = run.stream()
                .map(i -> new InteractionPayload.Impressions.Shown(i.listingId(), i.position(), null)).toList();
        return Event.of("imps:" + head.id(), head.ts(), head.key(), new InteractionPayload.Impressions(
                first.requestId(), first.surface(), first.query(), first.modelVersion(), first.device(), null, items));
    }

    private static void assertSameRows(TrainingSet actual, TrainingSet expected) {
        assertThat(actual.size()).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            TrainingRow x = actual.row(i);
            TrainingRow y = expected.row(i);
            assertThat(x.requestId()).isEqualTo(y.requestId());
            assertThat(x.listingId()).isEqualTo(y.listingId());
            assertThat(x.userId()).isEqualTo(y.userId());
            assertThat(x.ts()).isEqualTo(y.ts());
            assertThat(x.grade()).isEqualTo(y.grade());
            assertThat(x.features()).as("row %d", i).containsExactly(y.features());
        }
    }
}
