package io.mercator.simulator;

import io.mercator.events.Event;
import io.mercator.events.EventType;
import io.mercator.events.payload.InteractionPayload;
import io.mercator.events.payload.ListingPayload;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The logs carry the signal a ranker must learn: relevance and position both drive clicks. */
class BuyerBehaviourTest {

    private final Simulations.Recording medium = Simulations.recorded(Simulations.MEDIUM);
    private final SimulatedWorld world = medium.simulator().world();

    private record Shown(String user, String listing, int position, double relevance, boolean clicked) {
    }

    private List<Shown> impressions() {
        Set<String> clicked = new HashSet<>();
        for (Event e : medium.events()) {
            if (e.data() instanceof InteractionPayload.Click c) {
                clicked.add(c.requestId() + '|' + c.listingId());
            }
        }
        List<Shown> shown = new ArrayList<>();
        for (Event e : medium.events()) {
            if (e.data() instanceof InteractionPayload.Impression i) {
                shown.add(new Shown(e.key(), i.listingId(), i.position(), world.trueRelevance(e.key(), i.listingId()),
                        clicked.contains(i.requestId() + '|' + i.listingId())));
            }
        }
        return shown;
    }

    @Test
    void mostRelevantDecileIsClickedFarMoreThanTheLeastRelevant() {
        List<Shown> shown = new ArrayList<>(impressions());
        shown.sort(Comparator.comparingDouble(Shown::relevance));
        int decile = shown.size() / 10;

        double bottom = ctr(shown.subList(0, decile));
        double top = ctr(shown.subList(shown.size() - decile, shown.size()));

        assertThat(top).isGreaterThan(5 * bottom).isGreaterThan(0.05);
    }

    @Test
    void topSlotIsClickedMoreThanTheTenth() {
        List<Shown> shown = impressions();
        double first = ctr(shown.stream().filter(s -> s.position() == 1).toList());
        double tenth = ctr(shown.stream().filter(s -> s.position() == 10).toList());

        assertThat(first).isGreaterThan(1.5 * tenth);
    }

    @Test
    void clickRatesMatchTheHiddenModel() {
        // the expected number of clicks is the sum of relevance x position bias over impressions
        List<Shown> shown = impressions();
        double expected = shown.stream()
                .mapToDouble(s -> s.relevance() * RelevanceModel.positionBias(s.position())).sum();
        long clicks = shown.stream().filter(Shown::clicked).count();

        assertThat((double) clicks).isCloseTo(expected, within(expected * 0.05));
    }

    @Test
    void theFunnelNarrowsAtRealisticRates() {
        SimulationSummary s = medium.summary();

        assertThat((double) s.clicks() / s.impressions()).isBetween(0.01, 0.08);
        assertThat((double) s.carts() / s.clicks()).isBetween(0.08, 0.25);
        assertThat((double) s.orders() / s.carts()).isBetween(0.25, 0.6);
    }

    @Test
    void cartsFollowClicksAndOrdersFollowCartsOfTheSameRequest() {
        Set<String> clicks = new HashSet<>();
        Set<String> carts = new HashSet<>();
        for (Event e : medium.events()) {
            switch (e.data()) {
                case InteractionPayload.Click c -> clicks.add(e.key() + c.requestId() + c.listingId());
                case InteractionPayload.AddToCart c -> {
                    assertThat(clicks).contains(e.key() + c.requestId() + c.listingId());
                    carts.add(e.key() + c.requestId() + c.listingId());
                }
                case InteractionPayload.Order o -> assertThat(carts).contains(e.key() + o.requestId() + o.listingId());
                default -> {
                }
            }
        }
    }

    @Test
    void anOrderPaysTheCurrentPriceForEachUnit() {
        Map<String, Double> price = new HashMap<>();
        int orders = 0;
        for (Event e : medium.events()) {
            switch (e.data()) {
                case ListingPayload.Published p -> price.put(e.key(), p.price());
                case ListingPayload.Updated u when u.price() != null -> price.put(e.key(), u.price());
                case InteractionPayload.Order o -> {
                    assertThat(o.amount()).isCloseTo(price.get(o.listingId()) * o.quantity(), within(0.01));
                    orders++;
                }
                default -> {
                }
            }
        }
        assertThat(orders).isPositive();
    }

    @Test
    void requestsShowTwentyDistinctListingsInSlotsOneToTwenty() {
        Map<String, List<InteractionPayload.Impression>> byRequest = new HashMap<>();
        for (Event e : medium.events()) {
            if (e.data() instanceof InteractionPayload.Impression i) {
                byRequest.computeIfAbsent(i.requestId(), r -> new ArrayList<>()).add(i);
            }
        }
        long full = byRequest.values().stream().filter(l -> l.size() == 20).count();

        assertThat((double) full / byRequest.size()).isGreaterThan(0.9);
        assertThat(byRequest.values()).allSatisfy(list -> {
            assertThat(list).extracting(InteractionPayload.Impression::position)
                    .doesNotHaveDuplicates().allSatisfy(p -> assertThat(p).isBetween(1, 20));
            assertThat(list).extracting(InteractionPayload.Impression::listingId).doesNotHaveDuplicates();
            assertThat(list).allSatisfy(i -> {
                assertThat(i.modelVersion()).isEqualTo("simulator");
                assertThat(i.device()).isIn("android", "ios", "web");
                assertThat(i.query() == null).isEqualTo(i.surface().equals("feed"));
            });
        });
        assertThat(byRequest.values().stream().map(l -> l.getFirst().surface()).distinct()).contains("feed", "search");
    }

    @Test
    void theSummaryCountsWhatWasEmitted() {
        Simulations.Recording small = Simulations.recorded(Simulations.SMALL);
        Map<EventType, Long> counted = new HashMap<>();
        small.events().forEach(e -> counted.merge(e.type(), 1L, Long::sum));
        SimulationSummary s = small.summary();

        assertThat(s.events()).isEqualTo(small.events().size());
        assertThat(s.sellers()).isEqualTo(counted.getOrDefault(EventType.SELLER_REGISTERED, 0L).intValue());
        assertThat(s.listings()).isEqualTo(counted.getOrDefault(EventType.LISTING_PUBLISHED, 0L).intValue());
        assertThat(s.users()).isEqualTo(counted.getOrDefault(EventType.USER_PROFILE, 0L).intValue());
        assertThat(s.impressions()).isEqualTo(counted.get(EventType.IMPRESSION));
        assertThat(s.clicks()).isEqualTo(counted.get(EventType.CLICK));
        assertThat(s.carts()).isEqualTo(counted.get(EventType.ADD_TO_CART));
        assertThat(s.orders()).isEqualTo(counted.get(EventType.ORDER));
        assertThat(s.interactions()).isEqualTo(s.impressions() + s.clicks() + s.carts() + s.orders());
        assertThat(s.sellers()).isEqualTo(80);
        assertThat(s.users()).isEqualTo(200);
    }

    private static double ctr(List<Shown> shown) {
        return (double) shown.stream().filter(Shown::clicked).count() / shown.size();
    }
}
