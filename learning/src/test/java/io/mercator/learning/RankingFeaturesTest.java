package io.mercator.learning;

import io.mercator.events.Geo;
import io.mercator.hydration.features.ProductFeatures;
import io.mercator.hydration.features.UserFeatures;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RankingFeaturesTest {

    private static final RankingFeatures FEATURES = new RankingFeatures();
    /** 2026-04-13 19:30 in Bangkok (a Monday, Songkran). */
    private static final long SONGKRAN_EVENING =
            ZonedDateTime.of(2026, 4, 13, 19, 30, 0, 0, ThaiHolidays.BANGKOK).toInstant().toEpochMilli();
    private static final double BKK_LAT = 13.7563, BKK_LON = 100.5018;
    private static final double CNX_LAT = 18.7883, CNX_LON = 98.9853;

    private static ProductFeatures product(String id, String category, double price, double lat, double lon,
                                           long publishedAt) {
        return new ProductFeatures(id, true, category, "S-1", price, 2, "in_stock", 0.7, 0.6, 0.8, lat, lon,
                publishedAt, 40, 3, ProductFeatures.smoothedCtr(3, 40), 500, 4, true);
    }

    private static UserFeatures user() {
        return new UserFeatures("U-1", true, "25-34", "f", BKK_LAT, BKK_LON, 100, 12_000, 3,
                List.of("mobile-phones", "cameras", "watches"), 2, null, "cameras");
    }

    private static double value(double[] rows, int row, String name) {
        return rows[row * RankingFeatures.WIDTH + RankingFeatures.NAMES.indexOf(name)];
    }

    private static double[] rowsFor(String surface, String query, String device, List<ProductFeatures> products,
                                    List<String> titles) {
        RequestContext ctx = new RequestContext(surface, query, BKK_LAT, BKK_LON, SONGKRAN_EVENING, device);
        return FEATURES.rows(new RankingInputs(user(), products, titles,
                Map.of("mobile-phones", 10_000.0, "cameras", 20_000.0), ctx));
    }

    @Test
    void namesAndRowsAgreeAndPositionIsNotAFeature() {
        List<ProductFeatures> products = List.of(
                product("L-1", "mobile-phones", 12_000, BKK_LAT, BKK_LON, SONGKRAN_EVENING - 86_400_000L),
                product("L-2", "cameras", 8_000, CNX_LAT, CNX_LON, SONGKRAN_EVENING),
                product("L-3", "books", 300, BKK_LAT, BKK_LON, SONGKRAN_EVENING));
        double[] rows = rowsFor("feed", null, "ios", products, List.of("a", "b", "c"));

        assertThat(FEATURES.names()).hasSize(RankingFeatures.WIDTH).doesNotHaveDuplicates();
        assertThat(FEATURES.names()).noneMatch(n -> n.contains("position") || n.contains("slot"));
        assertThat(rows).hasSize(3 * FEATURES.names().size());
        assertThat(FEATURES.names()).isSameAs(FEATURES.names());
    }

    @Test
    void productValuesPriceRatioAndAgeComeFromTheInputs() {
        List<ProductFeatures> products = List.of(
                product("L-1", "mobile-phones", 12_000, BKK_LAT, BKK_LON, SONGKRAN_EVENING - 2 * 86_400_000L),
                product("L-2", "books", 300, BKK_LAT, BKK_LON, 0));
        double[] rows = rowsFor("feed", null, "ios", products, List.of("a", "b"));

        assertThat(value(rows, 0, "price")).isEqualTo(12_000);
        assertThat(value(rows, 0, "log_price")).isCloseTo(Math.log1p(12_000), within(1e-12));
        assertThat(value(rows, 0, "price_to_category_avg")).isCloseTo(1.2, within(1e-12));
        assertThat(value(rows, 1, "price_to_category_avg")).isNaN(); // no average for books
        assertThat(value(rows, 0, "listing_age_days")).isCloseTo(2.0, within(1e-12));
        assertThat(value(rows, 1, "listing_age_days")).isNaN(); // publication unknown
        assertThat(value(rows, 0, "ctr_last_hour")).isCloseTo((3 + 1.0) / 60, within(1e-12));
        assertThat(value(rows, 0, "in_stock")).isEqualTo(1);
        assertThat(value(rows, 0, "is_boosted_now")).isEqualTo(1);
        assertThat(value(rows, 0, "user_lifetime_spend")).isEqualTo(12_000);
        assertThat(value(rows, 0, "session_clicks_last_5m")).isEqualTo(2);
    }

    @Test
    void distanceIsHaversineFromTheRequestAndRelativeToTheBuyersReach() {
        List<ProductFeatures> products = List.of(
                product("L-1", "cameras", 8_000, CNX_LAT, CNX_LON, SONGKRAN_EVENING),
                product("L-2", "cameras", 8_000, Double.NaN, Double.NaN, SONGKRAN_EVENING));
        double[] rows = rowsFor("feed", null, "ios", products, List.of("a", "b"));

        double expected = Geo.haversineKm(BKK_LAT, BKK_LON, CNX_LAT, CNX_LON);
        assertThat(expected).isBetween(570.0, 600.0); // Bangkok to Chiang Mai, as the crow flies
        assertThat(value(rows, 0, "distance_km")).isCloseTo(expected, within(1e-9));
        assertThat(value(rows, 0, "distance_to_max")).isCloseTo(expected / 100, within(1e-9));
        assertThat(value(rows, 1, "distance_km")).isNaN();
    }

    @Test
    void affinityIsRankWeightedAndLastViewedCategoryMatches() {
        List<ProductFeatures> products = List.of(
                product("L-1", "mobile-phones", 1, BKK_LAT, BKK_LON, 1),
                product("L-2", "cameras", 1, BKK_LAT, BKK_LON, 1),
                product("L-3", "watches", 1, BKK_LAT, BKK_LON, 1),
                product("L-4", "books", 1, BKK_LAT, BKK_LON, 1));
        double[] rows = rowsFor("feed", null, "web", products, List.of("a", "b", "c", "d"));

        assertThat(value(rows, 0, "category_affinity")).isCloseTo(1.0, within(1e-12));
        assertThat(value(rows, 1, "category_affinity")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(value(rows, 2, "category_affinity")).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(value(rows, 3, "category_affinity")).isZero();
        assertThat(value(rows, 1, "last_viewed_category_match")).isEqualTo(1);
        assertThat(value(rows, 0, "last_viewed_category_match")).isZero();
    }

    @Test
    void queryOverlapWorksForEnglishAndThaiAndIsZeroOnTheFeed() {
        List<ProductFeatures> products = List.of(
                product("L-1", "mobile-phones", 1, BKK_LAT, BKK_LON, 1),
                product("L-2", "mobile-phones", 1, BKK_LAT, BKK_LON, 1),
                product("L-3", "mobile-phones", 1, BKK_LAT, BKK_LON, 1));
        List<String> titles = List.of("iPhone 13 Pro, like new", "มือถือไอโฟน 13 สภาพดี", "Rice cooker");

        double[] english = rowsFor("search", "iphone 13", "android", products, titles);
        assertThat(value(english, 0, "query_title_overlap")).isEqualTo(1.0);
        assertThat(value(english, 1, "query_title_overlap")).isEqualTo(0.5); // "13" only
        assertThat(value(english, 2, "query_title_overlap")).isZero();

        double[] thai = rowsFor("search", "ไอโฟน", "android", products, titles);
        assertThat(value(thai, 1, "query_title_overlap")).isEqualTo(1.0); // the word sits inside a longer run
        assertThat(value(thai, 0, "query_title_overlap")).isZero();

        double[] feed = rowsFor("feed", null, "android", products, titles);
        assertThat(value(feed, 0, "query_title_overlap")).isZero();
        assertThat(value(feed, 0, "surface_search")).isZero();
        assertThat(value(english, 0, "surface_search")).isEqualTo(1);
    }

    @Test
    void timeHolidayAndDeviceAreEncodedInBangkokTime() {
        List<ProductFeatures> products = List.of(product("L-1", "cameras", 1, BKK_LAT, BKK_LON, 1));
        double[] rows = rowsFor("feed", null, "android", products, List.of("a"));

        assertThat(value(rows, 0, "hour_of_day")).isEqualTo(19); // 12:30 UTC
        assertThat(value(rows, 0, "day_of_week")).isEqualTo(1); // Monday
        assertThat(value(rows, 0, "thai_holiday")).isEqualTo(1); // Songkran
        assertThat(value(rows, 0, "device_android")).isEqualTo(1);
        assertThat(value(rows, 0, "device_ios")).isZero();
        assertThat(value(rows, 0, "device_web")).isZero();

        double[] unknownDevice = rowsFor("feed", null, null, products, List.of("a"));
        assertThat(value(unknownDevice, 0, "device_ios") + value(unknownDevice, 0, "device_android")
                + value(unknownDevice, 0, "device_web")).isZero();
    }

    @Test
    void holidayCalendarKnowsFestivalsSubstitutionsAndOrdinaryDays() {
        assertThat(ThaiHolidays.isHoliday(LocalDate.of(2025, 4, 14))).isTrue(); // Songkran
        assertThat(ThaiHolidays.isHoliday(LocalDate.of(2026, 12, 5))).isTrue(); // Father's Day, a Saturday
        assertThat(ThaiHolidays.isHoliday(LocalDate.of(2026, 12, 7))).isTrue(); // its Monday substitution
        assertThat(ThaiHolidays.isHoliday(LocalDate.of(2025, 5, 5))).isTrue(); // Coronation Day fell on a Sunday
        assertThat(ThaiHolidays.isHoliday(LocalDate.of(2027, 1, 1))).isTrue();
        assertThat(ThaiHolidays.isHoliday(LocalDate.of(2026, 4, 20))).isFalse();
        assertThat(ThaiHolidays.isHoliday(LocalDate.of(2025, 11, 18))).isFalse();
        assertThat(ThaiHolidays.isHoliday(LocalDate.of(2028, 1, 1))).isFalse(); // outside the calendar
        // 2025-12-31 17:30 UTC is already New Year's Day in Bangkok
        assertThat(ThaiHolidays.isHoliday(1_767_202_200_000L)).isTrue();
    }
}
