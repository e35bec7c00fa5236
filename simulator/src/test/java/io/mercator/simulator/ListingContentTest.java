package io.mercator.simulator;

import io.mercator.events.Categories;
import io.mercator.events.Event;
import io.mercator.events.Geo;
import io.mercator.events.Thailand;
import io.mercator.events.payload.ListingPayload;
import io.mercator.events.payload.UserPayload;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The listings and profiles look like a Thai second-hand marketplace. */
class ListingContentTest {

    private final List<ListingPayload.Published> listings = Simulations.recorded(Simulations.SMALL).events().stream()
            .filter(e -> e.data() instanceof ListingPayload.Published)
            .map(e -> e.payload(ListingPayload.Published.class))
            .toList();

    @Test
    void tenListingsPerBuyerAcrossNearlyAllCategories() {
        assertThat(listings).hasSizeGreaterThanOrEqualTo(Simulations.SMALL.users() * 10);
        assertThat(listings.stream().map(ListingPayload.Published::category).distinct().count())
                .isGreaterThanOrEqualTo(20);
    }

    @Test
    void titlesAreThaiOrEnglishAsTheirLanguageSays() {
        long thai = listings.stream().filter(p -> p.lang().equals("th")).count();

        assertThat(listings).allSatisfy(p -> {
            assertThat(p.lang()).isIn("th", "en");
            assertThat(Simulations.hasThaiScript(p.title())).as(p.title()).isEqualTo(p.lang().equals("th"));
            assertThat(Simulations.hasThaiScript(p.description())).as(p.description()).isEqualTo(p.lang().equals("th"));
        });
        // roughly 60% Thai
        assertThat((double) thai / listings.size()).isBetween(0.5, 0.7);
    }

    @Test
    void pricesFollowTheCategoryBands() {
        Map<String, List<Double>> byCategory = new HashMap<>();
        listings.forEach(p -> byCategory.computeIfAbsent(p.category(), c -> new ArrayList<>()).add(p.price()));

        byCategory.forEach((slug, prices) -> {
            if (prices.size() < 15) {
                return; // too few for a median to mean anything
            }
            double median = prices.stream().sorted().toList().get(prices.size() / 2);
            double expected = Categories.bySlug(slug).medianPrice();
            assertThat(median).as(slug).isBetween(expected / 2, expected * 2);
        });
        assertThat(listings).allSatisfy(p -> assertThat(p.price()).isPositive().isLessThanOrEqualTo(5_000_000));
    }

    @Test
    void gradesStockAndPhotosAreWhatSellersPost() {
        assertThat(listings).allSatisfy(p -> {
            assertThat(p.condition()).isIn("new", "like_new", "good", "fair", "worn");
            assertThat(p.photos()).hasSizeBetween(1, 8).doesNotHaveDuplicates();
            assertThat(p.stock()).isPositive();
        });
        assertThat(listings.stream().map(ListingPayload.Published::condition).distinct()).hasSize(5);
        long single = listings.stream().filter(p -> p.stock() == 1).count();
        assertThat((double) single / listings.size()).isBetween(0.7, 0.95);
        assertThat(listings).anyMatch(p -> p.stock() > 1);
    }

    @Test
    void itemsLieNearTheCapitalOfTheirProvince() {
        assertThat(listings).allSatisfy(p -> {
            Thailand.Province province = Thailand.province(p.province()).orElseThrow();
            assertThat(Thailand.contains(p.lat(), p.lon())).isTrue();
            assertThat(Geo.haversineKm(p.lat(), p.lon(), province.lat(), province.lon())).isLessThan(60);
        });
        // Bangkok is a fifth of the marketplace
        long bangkok = listings.stream().filter(p -> p.province().equals("Bangkok")).count();
        assertThat((double) bangkok / listings.size()).isBetween(0.1, 0.35);
    }

    @Test
    void profilesAreInThailandWithAReasonableReach() {
        List<Event> profiles = Simulations.recorded(Simulations.SMALL).events().stream()
                .filter(e -> e.data() instanceof UserPayload.Profile).toList();
        SimulatedWorld world = Simulations.recorded(Simulations.SMALL).simulator().world();

        assertThat(profiles).hasSize(Simulations.SMALL.users());
        assertThat(profiles).allSatisfy(e -> {
            UserPayload.Profile p = e.payload(UserPayload.Profile.class);
            assertThat(Thailand.contains(p.homeLat(), p.homeLon())).isTrue();
            assertThat(p.maxDistanceKm()).isBetween(1, 500);
            assertThat(p.ageGroup()).isIn(Set.of("18-24", "25-34", "35-44", "45-54", "55+"));
            assertThat(world.home(e.key())).isEqualTo(new GeoPoint(p.homeLat(), p.homeLon()));
            assertThat(world.maxDistanceKm(e.key())).isEqualTo(p.maxDistanceKm());
        });
        long mostly = profiles.stream()
                .map(e -> e.payload(UserPayload.Profile.class).maxDistanceKm())
                .filter(d -> d >= 20 && d <= 300).count();
        assertThat((double) mostly / profiles.size()).isGreaterThan(0.75);
    }

    @Test
    void searchQueriesUseTheVocabulary() {
        List<String> queries = Simulations.recorded(Simulations.SMALL).events().stream()
                .filter(e -> e.data() instanceof io.mercator.events.payload.InteractionPayload.Impression i
                        && i.surface().equals("search"))
                .map(e -> e.payload(io.mercator.events.payload.InteractionPayload.Impression.class).query())
                .distinct().toList();

        assertThat(queries).hasSizeGreaterThan(20).allSatisfy(q -> assertThat(q).isNotBlank());
        assertThat(queries).anyMatch(Simulations::hasThaiScript).anyMatch(q -> !Simulations.hasThaiScript(q));
    }
}
