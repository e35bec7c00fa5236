package io.mercator.popularity;

import io.mercator.events.Event;
import io.mercator.events.Thailand;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.ListingPayload;
import io.mercator.events.payload.ModerationPayload;
import io.mercator.hydration.features.MarketLog;
import io.mercator.events.projection.Redelivery;
import io.mercator.hydration.store.DelegatingStore;
import io.mercator.hydration.store.InProcessOnlineStore;
import io.mercator.hydration.store.StoreUnavailableException;
import io.mercator.hydration.store.StoreWrite;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static io.mercator.hydration.features.MarketLog.*;
import static org.assertj.core.api.Assertions.assertThat;

class PopularityProjectionTest {

    private static final long HOUR = 3_600_000L;

    private final MarketLog log = new MarketLog();
    private final InProcessOnlineStore store = new InProcessOnlineStore(Clock.systemUTC());
    private final PopularityProjection projection = new PopularityProjection(store, 1);
    private final PopularityReader reader = new PopularityReader(store);
    private int applied;

    private static <T> T await(Future<T> f) {
        return f.toCompletionStage().toCompletableFuture().join();
    }

    private void applyNew() {
        await(projection.apply(log.since(applied)));
        applied = log.size();
    }

    private List<String> trending() {
        return await(reader.trending(100));
    }

    private List<String> region(Thailand.Region r) {
        return await(reader.popularIn(r, 100));
    }

    @Test
    void recentOrdersOutrankOlderOnes() {
        log.add("OLD", MarketLog.T0, listing("S1", "cameras", 9_000, 5, "Bangkok"));
        log.add("NEW", MarketLog.T0, listing("S1", "cameras", 9_000, 5, "Bangkok"));
        // OLD had more orders, but a day ago: four half-lives of decay
        for (int i = 0; i < 3; i++) {
            log.add("U" + i, MarketLog.T0 + i, order("OLD", 9_000));
        }
        log.add("U9", MarketLog.T0 + 24 * HOUR, order("NEW", 9_000));
        applyNew();
        assertThat(trending()).containsExactly("NEW", "OLD");
    }

    @Test
    void moreOrdersOutrankFewerAtTheSameTime() {
        log.add("A", MarketLog.T0, listing("S1", "cameras", 9_000, 5, "Bangkok"));
        log.add("B", MarketLog.T0, listing("S1", "cameras", 9_000, 5, "Bangkok"));
        log.add("C", MarketLog.T0, listing("S1", "cameras", 9_000, 5, "Bangkok"));
        log.add("U1", MarketLog.T0 + 10, order("B", 1));
        log.add("U2", MarketLog.T0 + 10, order("B", 1));
        log.add("U3", MarketLog.T0 + 10, order("A", 1));
        log.add("U4", MarketLog.T0 + 10, click("C"));
        log.add("U4", MarketLog.T0 + 10, feedImpression("C"));
        applyNew();
        assertThat(trending()).containsExactly("B", "A", "C");
    }

    @Test
    void aServedListScoresEachItemAsAnImpression() {
        MarketLog singles = new MarketLog();
        MarketLog lists = new MarketLog();
        for (MarketLog m : List.of(singles, lists)) {
            m.add("A", MarketLog.T0, listing("S1", "cameras", 9_000, 5, "Bangkok"));
            m.add("B", MarketLog.T0, listing("S1", "cameras", 9_000, 5, "Bangkok"));
            m.add("U1", MarketLog.T0, click("B"));
        }
        // sixty showings (0.02 each) outweigh one click
        for (int i = 0; i < 30; i++) {
            singles.add("U2", MarketLog.T0 + 1, feedImpression("A"));
            singles.add("U2", MarketLog.T0 + 1, feedImpression("A"));
            lists.add("U2", MarketLog.T0 + 1, servedList("feed", null, "A", "A"));
        }
        Map<String, Object> fromSingles = replay(singles.records(), 100);
        assertThat(replay(lists.records(), 100)).isEqualTo(fromSingles);

        await(projection.apply(lists.records()));
        assertThat(trending()).containsExactly("A", "B");
    }

    @Test
    void regionListsHoldOnlyListingsOfThatRegion() {
        log.add("BKK", MarketLog.T0, listing("S1", "cameras", 9_000, 5, "Bangkok"));
        log.add("NTB", MarketLog.T0, listing("S1", "cameras", 9_000, 5, "Nonthaburi"));
        log.add("CNX", MarketLog.T0, listing("S1", "cameras", 9_000, 5, "Chiang Mai"));
        log.add("PKT", MarketLog.T0, listing("S1", "cameras", 9_000, 5, "Phuket"));
        for (String id : List.of("BKK", "NTB", "CNX", "PKT")) {
            log.add("U1", MarketLog.T0 + 1, click(id));
        }
        log.add("U1", MarketLog.T0 + 2, click("NTB"));
        applyNew();

        assertThat(region(Thailand.Region.BANGKOK)).containsExactly("NTB", "BKK");
        assertThat(region(Thailand.Region.NORTH)).containsExactly("CNX");
        assertThat(region(Thailand.Region.SOUTH)).containsExactly("PKT");
        assertThat(region(Thailand.Region.EAST)).isEmpty();
        assertThat(trending()).hasSize(4).startsWith("NTB");
    }

    @Test
    void removedOutOfStockAndUnknownListingsDropOut() {
        log.add("A", MarketLog.T0, listing("S1", "cameras", 9_000, 5, "Bangkok"));
        log.add("B", MarketLog.T0, listing("S1", "cameras", 9_000, 5, "Bangkok"));
        log.add("C", MarketLog.T0, listing("S1", "cameras", 9_000, 1, "Bangkok"));
        log.add("D", MarketLog.T0, listing("S1", "cameras", 9_000, 1, "Bangkok"));
        for (String id : List.of("A", "B", "C", "D", "GHOST")) {
            log.add("U1", MarketLog.T0 + 1, order(id, 1));
        }
        applyNew();
        assertThat(trending()).containsExactlyInAnyOrder("A", "B", "C", "D");

        log.add("A", MarketLog.T0 + 2, new ListingPayload.Removed("sold"));
        log.add("C", MarketLog.T0 + 2, new ListingPayload.Updated(null, 0, null, null, null));
        log.add("D", MarketLog.T0 + 2, new ModerationPayload.Decided("remove"));
        applyNew();
        assertThat(trending()).containsExactly("B");
        assertThat(region(Thailand.Region.BANGKOK)).containsExactly("B");

        log.add("C", MarketLog.T0 + 3, new ListingPayload.Updated(null, 2, null, null, null));
        applyNew();
        assertThat(trending()).containsExactlyInAnyOrder("B", "C");
    }

    @Test
    void scoresStayFiniteOverMonthsOfEventTime() {
        log.add("A", MarketLog.T0, listing("S1", "cameras", 9_000, 5, "Bangkok"));
        log.add("B", MarketLog.T0, listing("S1", "cameras", 9_000, 5, "Bangkok"));
        for (int day = 0; day < 400; day++) {
            log.add("U1", MarketLog.T0 + day * 24 * HOUR, click(day % 2 == 0 ? "A" : "B"));
        }
        log.add("U1", MarketLog.T0 + 400 * 24 * HOUR, order("A", 1));
        applyNew();
        assertThat(trending()).containsExactly("A", "B");
    }

    @Test
    void refreshWaitsForEnoughEventsOrEventTimeButRefreshNowForcesIt() {
        PopularityProjection lazy = new PopularityProjection(store, 1_000);
        log.add("A", MarketLog.T0, listing("S1", "cameras", 9_000, 5, "Bangkok"));
        log.add("U1", MarketLog.T0, order("A", 1));
        await(lazy.apply(log.records()));
        assertThat(trending()).containsExactly("A"); // the first batch always ranks

        int from = log.size();
        log.add("B", MarketLog.T0 + 1_000, listing("S1", "cameras", 9_000, 5, "Bangkok"));
        log.add("U1", MarketLog.T0 + 1_000, order("B", 1));
        await(lazy.apply(log.since(from)));
        assertThat(trending()).containsExactly("A");

        from = log.size();
        log.add("U2", MarketLog.T0 + 61_000, click("B"));
        await(lazy.apply(log.since(from)));
        assertThat(trending()).containsExactly("B", "A");

        from = log.size();
        log.add("U3", MarketLog.T0 + 62_000, order("A", 1));
        await(lazy.apply(log.since(from)));
        await(lazy.refreshNow());
        assertThat(trending()).containsExactly("A", "B");
    }

    private static List<LogRecord> mixedLog() {
        MarketLog m = new MarketLog();
        List<String> provinces = List.of("Bangkok", "Chiang Mai", "Phuket", "Khon Kaen", "Chon Buri");
        for (int i = 0; i < 40; i++) {
            m.add("L" + i, MarketLog.T0, listing("S1", "cameras", 1_000, 1 + i % 3, provinces.get(i % 5)));
        }
        for (int i = 0; i < 2_000; i++) {
            long ts = MarketLog.T0 + i * 30_000L;
            String id = "L" + (i * 7 % 40);
            m.add("U" + (i % 13), ts, switch (i % 10) {
                case 0 -> order(id, 100);
                case 1, 2 -> cart(id);
                case 3, 4, 5 -> click(id);
                default -> feedImpression(id);
            });
            if (i % 400 == 399) {
                m.add(id, ts + 1, new ListingPayload.Removed("sold"));
            }
        }
        return m.records();
    }

    private static Map<String, Object> replay(List<LogRecord> events, int batch) {
        InProcessOnlineStore s = new InProcessOnlineStore(Clock.systemUTC());
        PopularityProjection p = new PopularityProjection(s, 500);
        for (int i = 0; i < events.size(); i += batch) {
            await(p.apply(events.subList(i, Math.min(events.size(), i + batch))));
        }
        await(p.refreshNow());
        return s.contents();
    }

    @Test
    void replayIntoFreshStoresGivesIdenticalLists() {
        List<LogRecord> events = mixedLog();
        Map<String, Object> a = replay(events, 100);
        assertThat(replay(events, 100)).isEqualTo(a);
        assertThat(replay(events, 333)).isEqualTo(a);
        assertThat(a).containsKey(PopularityProjection.GLOBAL_KEY);
    }

    @Test
    void eventsDeliveredTwiceThroughTheRunnerChangeNothing() {
        List<LogRecord> events = mixedLog();
        await(projection.apply(events));
        await(projection.refreshNow());
        Map<String, Object> once = store.contents();

        InProcessOnlineStore other = new InProcessOnlineStore(Clock.systemUTC());
        PopularityProjection twice = new PopularityProjection(other, 1);
        List<Event> all = events.stream().map(LogRecord::event).toList();
        Redelivery.throughTheRunner(twice, all, all);
        await(twice.refreshNow());
        assertThat(other.contents()).isEqualTo(once);
    }

    @Test
    void aBatchRetriedAfterAFailedWriteIsCountedOnceAndItsListsAreWritten() {
        List<LogRecord> events = mixedLog();
        await(projection.apply(events));
        Map<String, Object> once = store.contents();

        InProcessOnlineStore other = new InProcessOnlineStore(Clock.systemUTC());
        boolean[] down = {true};
        PopularityProjection retried = new PopularityProjection(new DelegatingStore(other) {
            @Override
            public Future<Void> write(List<StoreWrite> writes) {
                return down[0] ? Future.failedFuture(new StoreUnavailableException("down", null)) : super.write(writes);
            }
        }, 1);
        assertThat(retried.apply(events).toCompletionStage().toCompletableFuture()).isCompletedExceptionally();
        down[0] = false;
        // the runner retries the same records
        await(retried.apply(events));
        assertThat(other.contents()).isEqualTo(once);
    }
}
