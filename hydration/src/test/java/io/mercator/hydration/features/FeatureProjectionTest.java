package io.mercator.hydration.features;

import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.AdminPayload;
import io.mercator.events.payload.BoostPayload;
import io.mercator.events.payload.ListingPayload;
import io.mercator.events.payload.SellerPayload;
import io.mercator.events.payload.UserPayload;
import io.mercator.hydration.store.DelegatingStore;
import io.mercator.hydration.store.InProcessOnlineStore;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static io.mercator.hydration.features.MarketLog.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

class FeatureProjectionTest {

    private static final long MIN = 60_000L, HOUR = 3_600_000L, DAY = 86_400_000L;

    private final MarketLog log = new MarketLog();
    private final InProcessOnlineStore store = new InProcessOnlineStore(Clock.systemUTC());
    private final FeatureProjection projection = new FeatureProjection(store);
    private final FeatureReader reader = new FeatureReader(store);
    private int applied;

    private static <T> T await(Future<T> f) {
        return f.toCompletionStage().toCompletableFuture().join();
    }

    /** Applies what was added since the last call, as one batch. */
    private void applyNew() {
        await(projection.apply(log.since(applied)));
        applied = log.size();
    }

    private ProductFeatures product(String id, long now) {
        return await(reader.products(List.of(id), now)).get(0);
    }

    private UserFeatures user(String id, long now) {
        return await(reader.user(id, now));
    }

    private Map<String, String> row(String key) {
        return await(store.readHashes(List.of(key))).get(0);
    }

    @Test
    void productRowCarriesCatalogAttributesAndCounts() {
        log.add("L1", T0, listing("S1", "mobile-phones", 12_000, 2, "Bangkok"));
        log.add("U1", T0 + 1, feedImpression("L1"));
        log.add("U1", T0 + 2, click("L1"));
        log.add("U1", T0 + 3, order("L1", 12_000));
        applyNew();

        ProductFeatures p = product("L1", T0 + 10);
        assertThat(p.known()).isTrue();
        assertThat(p.category()).isEqualTo("mobile-phones");
        assertThat(p.sellerId()).isEqualTo("S1");
        assertThat(p.price()).isEqualTo(12_000);
        assertThat(p.stockStatus()).isEqualTo(FeatureKeys.IN_STOCK);
        assertThat(p.conditionGrade()).isEqualTo(0.7);
        assertThat(p.viewsTotal()).isEqualTo(1);
        assertThat(p.ordersTotal()).isEqualTo(1);
        assertThat(p.qualityScore()).isBetween(0.0, 1.0);
        assertThat(p.asMap()).containsKeys("views_last_hour", "ctr_last_hour", "quality_score", "seller_trust_score");
        assertThat(product("nope", T0).known()).isFalse();
    }

    @Test
    void viewsAndClicksCountInsideTheLastHourOnly() {
        log.add("L1", T0, listing("S1", "mobile-phones", 12_000, 2, "Bangkok"));
        for (int i = 0; i < 10; i++) {
            log.add("U" + i, T0 + i * MIN, feedImpression("L1"));
        }
        log.add("U1", T0 + 5 * MIN, click("L1"));
        log.add("U1", T0 + 50 * MIN, click("L1"));
        applyNew();

        ProductFeatures now = product("L1", T0 + 55 * MIN);
        assertThat(now.viewsLastHour()).isEqualTo(10);
        assertThat(now.clicksLastHour()).isEqualTo(2);
        assertThat(now.ctrLastHour()).isEqualTo(ProductFeatures.smoothedCtr(2, 10));

        // evaluated later, the early impressions and the first click have left the window
        ProductFeatures later = product("L1", T0 + 65 * MIN + 1);
        assertThat(later.viewsLastHour()).isEqualTo(4);
        assertThat(later.clicksLastHour()).isEqualTo(1);
        assertThat(product("L1", T0 + 3 * HOUR).viewsLastHour()).isZero();
        assertThat(later.viewsTotal()).isEqualTo(10);
    }

    @Test
    void bucketsThatLeaveTheWindowAreDeletedAsEventTimeMoves() {
        log.add("L1", T0, listing("S1", "mobile-phones", 12_000, 2, "Bangkok"));
        log.add("U1", T0, feedImpression("L1"));
        applyNew();
        assertThat(row(FeatureKeys.listing("L1")).keySet()).anyMatch(f -> f.startsWith("views@"));

        log.add("U2", T0 + 2 * HOUR, feedImpression("L2"));
        applyNew();
        assertThat(row(FeatureKeys.listing("L1")).keySet()).noneMatch(f -> f.startsWith("views@"));
        assertThat(row(FeatureKeys.listing("L1"))).containsEntry(FeatureKeys.VIEWS_TOTAL, "1");
    }

    @Test
    void eventsOlderThanTheWindowWhenTheyArriveAreNotCounted() {
        log.add("U1", T0 + 2 * HOUR, feedImpression("L1"));
        log.add("U2", T0, feedImpression("L1"));
        applyNew();
        assertThat(product("L1", T0 + 2 * HOUR).viewsLastHour()).isEqualTo(1);
        assertThat(product("L1", T0 + 2 * HOUR).viewsTotal()).isEqualTo(2);
    }

    @Test
    void sessionClicksCoverTheLastFiveMinutes() {
        log.add("U1", T0, click("L1"));
        log.add("U1", T0 + MIN, click("L2"));
        log.add("U1", T0 + 4 * MIN, click("L3"));
        applyNew();
        assertThat(user("U1", T0 + 4 * MIN).sessionClicksLast5m()).isEqualTo(3);
        assertThat(user("U1", T0 + 6 * MIN).sessionClicksLast5m()).isEqualTo(1);
        assertThat(user("U1", T0 + 20 * MIN).sessionClicksLast5m()).isZero();
    }

    @Test
    void userProfileSpendSearchAndLastViewedCategory() {
        log.add("L1", T0, listing("S1", "cameras", 9_000, 1, "Bangkok"));
        log.add("L2", T0, listing("S1", "audio", 2_000, 1, "Bangkok"));
        log.add("U1", T0, new UserPayload.Profile("25-34", "f", 13.7, 100.5, 50));
        log.add("U1", T0 + 1, searchImpression("L1", "กล้อง canon"));
        log.add("U1", T0 + 2, feedImpression("L2"));
        log.add("U1", T0 + 3, click("L1"));
        log.add("U1", T0 + 4, click("L2"));
        log.add("U1", T0 + 5, order("L1", 8_500.5));
        log.add("U1", T0 + 6, order("L2", 1_999.25));
        applyNew();

        UserFeatures u = user("U1", T0 + 10);
        assertThat(u.known()).isTrue();
        assertThat(u.ageGroup()).isEqualTo("25-34");
        assertThat(u.gender()).isEqualTo("f");
        assertThat(u.homeLat()).isEqualTo(13.7);
        assertThat(u.maxDistanceKm()).isEqualTo(50);
        assertThat(u.currentSearchQuery()).isEqualTo("กล้อง canon");
        assertThat(u.lastViewedCategory()).isEqualTo("audio");
        assertThat(u.lifetimeSpend()).isEqualTo(10_499.75);
        assertThat(u.ordersTotal()).isEqualTo(2);
        assertThat(u.asMap()).containsEntry("lifetime_spend", 10_499.75);
        assertThat(user("nobody", T0).known()).isFalse();
    }

    @Test
    void topCategoriesRankRecentInteractionsAndIgnoreOldOnes() {
        log.add("L1", T0, listing("S1", "cameras", 9_000, 1, "Bangkok"));
        log.add("L2", T0, listing("S1", "audio", 2_000, 1, "Bangkok"));
        log.add("L3", T0, listing("S1", "books", 200, 1, "Bangkok"));
        log.add("L4", T0, listing("S1", "shoes", 900, 1, "Bangkok"));
        // forty days of history: the books interest is older than 30 days when read
        log.add("U1", T0, order("L3", 200));
        log.add("U1", T0, order("L3", 200));
        log.add("U1", T0 + 35 * DAY, click("L1"));
        log.add("U1", T0 + 36 * DAY, cart("L2"));
        log.add("U1", T0 + 36 * DAY, click("L4"));
        applyNew();
        assertThat(user("U1", T0 + 36 * DAY).topCategories30d()).containsExactly("audio", "cameras", "shoes");

        // time passes (another user's event): everything of U1 is now older than 30 days
        log.add("U2", T0 + 70 * DAY, click("L1"));
        applyNew();
        assertThat(user("U1", T0 + 70 * DAY).topCategories30d()).isEmpty();
        assertThat(user("U2", T0 + 70 * DAY).topCategories30d()).containsExactly("cameras");
    }

    @Test
    void stockStatusFollowsStockAndRemoval() {
        log.add("L1", T0, listing("S1", "cameras", 9_000, 1, "Bangkok"));
        applyNew();
        assertThat(product("L1", T0).stockStatus()).isEqualTo(FeatureKeys.IN_STOCK);

        log.add("L1", T0 + 1, new ListingPayload.Updated(null, 0, null, null, null));
        applyNew();
        assertThat(product("L1", T0).stockStatus()).isEqualTo(FeatureKeys.OUT_OF_STOCK);
        assertThat(product("L1", T0).price()).isEqualTo(9_000);

        log.add("L1", T0 + 2, new ListingPayload.Updated(8_000.0, 3, null, null, null));
        applyNew();
        assertThat(product("L1", T0).stockStatus()).isEqualTo(FeatureKeys.IN_STOCK);
        assertThat(product("L1", T0).price()).isEqualTo(8_000);

        log.add("L1", T0 + 3, new ListingPayload.Removed("sold"));
        applyNew();
        assertThat(product("L1", T0).stockStatus()).isEqualTo(FeatureKeys.REMOVED);
    }

    @Test
    void sellerTrustFallsWithReportsRisesWhenVerifiedAndCollapsesWhenBanned() {
        log.add("S1", T0, new SellerPayload.Registered("Bangkok"));
        log.add("L1", T0, listing("S1", "cameras", 9_000, 1, "Bangkok"));
        applyNew();
        double fresh = product("L1", T0).sellerTrustScore();

        log.add("S1", T0 + 1, new SellerPayload.Verified("ekyc"));
        applyNew();
        double verified = product("L1", T0).sellerTrustScore();
        assertThat(verified).isGreaterThan(fresh);

        log.add("S1", T0 + 2, new SellerPayload.Reported("no show", "L1"));
        applyNew();
        double reported = product("L1", T0).sellerTrustScore();
        assertThat(reported).isLessThan(verified);
        log.add("S1", T0 + 3, new SellerPayload.Reported("fake", null));
        applyNew();
        assertThat(product("L1", T0).sellerTrustScore()).isLessThan(reported);

        log.add("S1", T0 + 4, new SellerPayload.Banned("fraud"));
        applyNew();
        assertThat(product("L1", T0).sellerTrustScore()).isLessThanOrEqualTo(SellerTrust.BANNED_CAP);
        // the seller row and the listing's denormalised copy agree
        assertThat(new io.mercator.hydration.store.FeatureRow(row(FeatureKeys.seller("S1")))
                .number(FeatureKeys.SELLER_TRUST_SCORE, -1)).isEqualTo(product("L1", T0).sellerTrustScore());
        assertThat(row(FeatureKeys.seller("S1"))).containsEntry(FeatureKeys.BANNED, "1")
                .containsEntry(FeatureKeys.REPORTS, "2").containsEntry(FeatureKeys.VERIFIED, "1");
    }

    @Test
    void sellerTrustGrowsWithOrdersAndAccountAge() {
        SellerTrust.Signals young = new SellerTrust.Signals(false, 0, false, T0, 0);
        SellerTrust.Breakdown b = SellerTrust.explain(young, T0 + 400 * DAY);
        assertThat(b.accountAge()).isEqualTo(SellerTrust.MAX_AGE_BONUS);
        assertThat(b.score()).isGreaterThan(SellerTrust.score(young, T0));
        assertThat(SellerTrust.score(new SellerTrust.Signals(false, 0, false, T0, 50), T0))
                .isGreaterThan(SellerTrust.score(young, T0));
        assertThat(SellerTrust.score(new SellerTrust.Signals(true, 0, false, T0, 1_000), T0 + 1_000 * DAY))
                .isBetween(0.0, 1.0);
    }

    @Test
    void adminSellerBanAndLiftMoveTrust() {
        log.add("L1", T0, listing("S1", "cameras", 9_000, 1, "Bangkok"));
        log.add("S1", T0, admin(AdminPayload.Action.BAN_SELLER));
        applyNew();
        assertThat(product("L1", T0).sellerTrustScore()).isLessThanOrEqualTo(SellerTrust.BANNED_CAP);
        log.add("S1", T0 + 1, lift(AdminPayload.Action.BAN_SELLER));
        applyNew();
        assertThat(product("L1", T0).sellerTrustScore()).isGreaterThan(0.4);
    }

    @Test
    void boostLastsWhileTheCampaignRunsWithBudget() {
        log.add("L1", T0, listing("S1", "cameras", 9_000, 1, "Bangkok"));
        log.add("L2", T0, listing("S1", "cameras", 9_000, 1, "Bangkok"));
        log.add("L1", T0 + 1, new BoostPayload.CampaignStarted("c1", 100, 5, T0 + HOUR));
        log.add("L2", T0 + 1, new BoostPayload.CampaignStarted("c2", 10, 5, T0 + 5 * HOUR));
        applyNew();
        assertThat(product("L1", T0 + 2).boostedNow()).isTrue();
        assertThat(product("L2", T0 + 2).boostedNow()).isTrue();

        // L2 spends its budget; spend of another campaign id does not count
        log.add("L2", T0 + 3, new BoostPayload.Spend("other", 100));
        log.add("L2", T0 + 4, new BoostPayload.Spend("c2", 6));
        applyNew();
        assertThat(product("L2", T0 + 5).boostedNow()).isTrue();
        log.add("L2", T0 + 6, new BoostPayload.Spend("c2", 4));
        applyNew();
        assertThat(product("L2", T0 + 7).boostedNow()).isFalse();
        log.add("L2", T0 + 8, new BoostPayload.BudgetChanged("c2", 50));
        applyNew();
        assertThat(product("L2", T0 + 9).boostedNow()).isTrue();

        // event time passes the end of L1's campaign: the stored flag goes off
        log.add("U1", T0 + HOUR, feedImpression("L9"));
        applyNew();
        assertThat(row(FeatureKeys.listing("L1"))).containsEntry(FeatureKeys.IS_BOOSTED_NOW, "0");
        assertThat(product("L1", T0 + HOUR).boostedNow()).isFalse();
        assertThat(product("L2", T0 + HOUR).boostedNow()).isTrue();
    }

    @Test
    void readerTurnsAnEndedCampaignOffBeforeTheProjectionSeesThatTime() {
        log.add("L1", T0, new BoostPayload.CampaignStarted("c1", 100, 5, T0 + HOUR));
        applyNew();
        assertThat(product("L1", T0 + HOUR - 1).boostedNow()).isTrue();
        assertThat(product("L1", T0 + HOUR).boostedNow()).isFalse();
    }

    @Test
    void adminForceBoostUntilLifted() {
        log.add("L1", T0, listing("S1", "cameras", 9_000, 1, "Bangkok"));
        log.add("L1", T0 + 1, admin(AdminPayload.Action.FORCE_BOOST_LISTING));
        applyNew();
        assertThat(product("L1", T0 + 10 * DAY).boostedNow()).isTrue();

        log.add("L1", T0 + 2, lift(AdminPayload.Action.FORCE_BOOST_LISTING));
        applyNew();
        assertThat(product("L1", T0 + 3).boostedNow()).isFalse();
    }

    @Test
    void averageCategoryPriceMovesTowardNewPrices() {
        log.add("L1", T0, listing("S1", "cameras", 10_000, 1, "Bangkok"));
        applyNew();
        double first = await(reader.averageCategoryPrices(List.of("cameras"))).get("cameras");
        assertThat(first).isEqualTo(10_000);

        log.add("L2", T0 + 1, listing("S1", "cameras", 20_000, 1, "Bangkok"));
        applyNew();
        double second = await(reader.averageCategoryPrices(List.of("cameras"))).get("cameras");
        assertThat(second).isGreaterThan(first).isLessThan(20_000);

        log.add("L2", T0 + 2, new ListingPayload.Updated(2_000.0, null, null, null, null));
        applyNew();
        assertThat(await(reader.averageCategoryPrices(List.of("cameras", "books"))))
                .containsOnlyKeys("cameras").extractingByKey("cameras").isInstanceOf(Double.class);
        assertThat(await(reader.averageCategoryPrices(List.of("cameras"))).get("cameras")).isLessThan(second);
    }

    @Test
    void qualityRisesWithConversion() {
        log.add("L1", T0, listing("S1", "cameras", 9_000, 5, "Bangkok"));
        log.add("L2", T0, listing("S1", "cameras", 9_000, 5, "Bangkok"));
        for (int i = 0; i < 20; i++) {
            log.add("U" + i, T0 + i, click("L1"));
            log.add("U" + i, T0 + i, click("L2"));
            if (i % 4 == 0) {
                log.add("U" + i, T0 + i, order("L1", 9_000));
            }
        }
        applyNew();
        assertThat(product("L1", T0).qualityScore()).isGreaterThan(product("L2", T0).qualityScore());
        assertThat(ListingQuality.score(0, 0, 0.25, 0, 0)).isLessThan(ListingQuality.score(5, 400, 1.0, 0, 0));
    }

    private static List<LogRecord> mixedLog() {
        MarketLog m = new MarketLog();
        m.add("S1", T0, new SellerPayload.Registered("Bangkok"));
        for (int i = 0; i < 30; i++) {
            m.add("L" + i, T0 + i, listing("S" + (i % 4), i % 2 == 0 ? "cameras" : "audio", 1_000 + i * 10, 1 + i % 2,
                    "Bangkok"));
        }
        m.add("L3", T0 + 50, new BoostPayload.CampaignStarted("c", 100, 1, T0 + 2 * HOUR));
        for (int i = 0; i < 600; i++) {
            long ts = T0 + 100 + i * 20_000L;
            m.add("U" + (i % 9), ts, i % 3 == 0 ? searchImpression("L" + (i % 30), "q" + i) : feedImpression("L" + (i % 30)));
            if (i % 5 == 0) {
                m.add("U" + (i % 9), ts + 1, click("L" + (i % 30)));
            }
            if (i % 50 == 0) {
                m.add("U" + (i % 9), ts + 2, order("L" + (i % 30), 1_234.56));
                m.add("S" + (i % 4), ts + 3, new SellerPayload.Reported("r", null));
            }
        }
        m.add("L5", T0 + 2 * DAY, new ListingPayload.Updated(555.0, 0, null, null, null));
        return m.records();
    }

    @Test
    void replayIntoFreshStoresGivesIdenticalContentsWhateverTheBatching() {
        List<LogRecord> events = mixedLog();
        InProcessOnlineStore a = new InProcessOnlineStore(Clock.systemUTC());
        await(new FeatureProjection(a).apply(events));

        InProcessOnlineStore b = new InProcessOnlineStore(Clock.systemUTC());
        FeatureProjection pb = new FeatureProjection(b);
        for (int i = 0; i < events.size(); i += 37) {
            await(pb.apply(events.subList(i, Math.min(events.size(), i + 37))));
        }
        assertThat(a.contents()).isNotEmpty();
        assertThat(b.contents()).isEqualTo(a.contents());
    }

    @Test
    void aRetriedBatchChangesNothing() {
        List<LogRecord> events = mixedLog();
        InProcessOnlineStore s = new InProcessOnlineStore(Clock.systemUTC());
        FeatureProjection p = new FeatureProjection(s);
        await(p.apply(events));
        Map<String, Object> once = s.contents();

        // the runner offers the same records again after a failed apply
        await(p.apply(events));
        await(p.apply(events.subList(100, 200)));
        assertThat(s.contents()).isEqualTo(once);
    }

    @Test
    void eventsDeliveredTwiceThroughTheRunnerChangeNothing() {
        List<LogRecord> events = mixedLog();
        InProcessOnlineStore s = new InProcessOnlineStore(Clock.systemUTC());
        await(new FeatureProjection(s).apply(events));

        InProcessOnlineStore twice = new InProcessOnlineStore(Clock.systemUTC());
        List<io.mercator.events.Event> all = events.stream().map(LogRecord::event).toList();
        io.mercator.events.projection.Redelivery.throughTheRunner(new FeatureProjection(twice), all, all);
        assertThat(twice.contents()).isNotEmpty().isEqualTo(s.contents());
    }

    @Test
    void anImpressionWritesOnlyTheListingsViewCountAndItsHourBucket() {
        List<io.mercator.hydration.store.StoreWrite> written = new java.util.ArrayList<>();
        io.mercator.hydration.store.OnlineStore recording = new DelegatingStore(store) {
            @Override
            public Future<Void> write(List<io.mercator.hydration.store.StoreWrite> writes) {
                written.addAll(writes);
                return store.write(writes);
            }
        };
        FeatureProjection p = new FeatureProjection(recording);
        await(p.apply(List.of(log.add("L1", T0, listing("S1", "cameras", 5_000, 1, "Bangkok")))));
        written.clear();

        await(p.apply(List.of(log.add("U1", T0 + 1, feedImpression("L1")))));

        String key = FeatureKeys.listing("L1");
        assertThat(written).allSatisfy(w -> assertThat(w).satisfiesAnyOf(
                x -> assertThat(x).isEqualTo(new io.mercator.hydration.store.StoreWrite.SetFields(key,
                        Map.of(FeatureKeys.VIEWS_TOTAL, "1"))),
                x -> assertThat(x).isInstanceOfSatisfying(io.mercator.hydration.store.StoreWrite.IncrementField.class,
                        i -> assertThat(i.key()).isEqualTo(key))));
        assertThat(written).hasSize(2);
        assertThat(row(key)).containsEntry(FeatureKeys.VIEWS_TOTAL, "1");
    }

    @Test
    void aServedListCountsAsItsItemsShownOneByOne() {
        MarketLog singles = new MarketLog();
        MarketLog lists = new MarketLog();
        for (MarketLog m : List.of(singles, lists)) {
            m.add("L1", T0, listing("S1", "cameras", 5_000, 1, "Bangkok"));
            m.add("L2", T0, listing("S2", "audio", 900, 1, "Bangkok"));
        }
        singles.add("U1", T0 + MIN, searchImpression("L1", "กล้อง"));
        singles.add("U1", T0 + MIN, searchImpression("L2", "กล้อง"));
        singles.add("U1", T0 + MIN, searchImpression("L1", "กล้อง"));
        lists.add("U1", T0 + MIN, servedList("search", "กล้อง", "L1", "L2", "L1"));

        InProcessOnlineStore a = new InProcessOnlineStore(Clock.systemUTC());
        await(new FeatureProjection(a).apply(singles.records()));
        InProcessOnlineStore b = new InProcessOnlineStore(Clock.systemUTC());
        await(new FeatureProjection(b).apply(lists.records()));

        assertThat(b.contents()).isEqualTo(a.contents());
        FeatureReader fromList = new FeatureReader(b);
        assertThat(await(fromList.products(List.of("L1"), T0 + 2 * MIN)).get(0).viewsLastHour()).isEqualTo(2);
        assertThat(await(fromList.user("U1", T0 + 2 * MIN)).currentSearchQuery()).isEqualTo("กล้อง");
    }

    @Test
    void oneReadServesAThousandProducts() {
        for (int i = 0; i < 1_000; i++) {
            log.add("L" + i, T0, listing("S" + (i % 10), "cameras", 1_000 + i, 1, "Bangkok"));
        }
        applyNew();
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        io.mercator.hydration.store.OnlineStore counting = new DelegatingStore(store) {
            @Override
            public Future<List<Map<String, String>>> readHashes(List<String> keys) {
                reads.incrementAndGet();
                return store.readHashes(keys);
            }
        };
        List<String> ids = java.util.stream.IntStream.range(0, 1_000).mapToObj(i -> "L" + (999 - i)).toList();
        List<ProductFeatures> got = await(new FeatureReader(counting).products(ids, T0));
        assertThat(reads.get()).isEqualTo(1);
        assertThat(got).hasSize(1_000);
        assertThat(got.get(0).listingId()).isEqualTo("L999");
        assertThat(got.get(0).price()).isEqualTo(1_999);
        assertThat(got.get(0).sellerTrustScore()).isCloseTo(0.5, offset(0.01));
    }
}
