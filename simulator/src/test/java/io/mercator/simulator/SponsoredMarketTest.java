package io.mercator.simulator;

import io.mercator.events.Event;
import io.mercator.events.payload.BoostPayload;
import io.mercator.events.payload.InteractionPayload;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SponsoredMarketTest {

    private static final SponsoredMarket.Settings SMALL = new SponsoredMarket.Settings(2, 20_000, 12, 3);

    /** Fills every slot it can with the eligible listings in the order given, charging nothing. */
    private static SponsoredMarket.SlotFiller firstEligible(boolean reversed) {
        return request -> {
            List<SponsoredMarket.Eligible> eligible = new ArrayList<>(request.eligible());
            eligible.sort((a, b) -> reversed ? b.listingId().compareTo(a.listingId()) : a.listingId().compareTo(b.listingId()));
            List<SponsoredMarket.Fill> fills = new ArrayList<>();
            for (int i = 0; i < Math.min(SponsoredMarket.SLOTS.length, eligible.size()); i++) {
                String listing = eligible.get(i).listingId();
                fills.add(new SponsoredMarket.Fill(listing, "c", eligible.get(i).pctr(), Event.of(
                        "spend:" + request.requestId() + ":" + listing, request.ts(), listing, new BoostPayload.Spend("c", 0))));
            }
            return fills;
        };
    }

    @Test
    void shouldMakeTheSameRunFromTheSameSeedAndPolicy() {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        new SponsoredMarket(SMALL).run(firstEligible(false), e -> first.add(e.id()), h -> { });
        new SponsoredMarket(SMALL).run(firstEligible(false), e -> second.add(e.id()), h -> { });
        assertThat(first).hasSizeGreaterThan(10_000).isEqualTo(second);
    }

    @Test
    void shouldGiveTheTopSponsoredSlotMoreClicksThroughPositionBias() {
        // the same two listings fill both slots, swapping places from one request to the next
        SponsoredMarket.SlotFiller swapping = request -> {
            List<SponsoredMarket.Fill> fills = new ArrayList<>(firstEligible(false).fill(request));
            if (request.index() % 2 == 1) {
                java.util.Collections.reverse(fills);
            }
            return fills;
        };
        Map<Integer, long[]> bySlot = new HashMap<>(); // slot -> {impressions, clicks}
        Map<String, Integer> slotOf = new HashMap<>();
        new SponsoredMarket(SMALL).run(swapping, e -> {
            if (e.data() instanceof InteractionPayload.Impressions list && list.size() == 2) {
                for (InteractionPayload.Impressions.Shown s : list.items()) {
                    slotOf.put(list.requestId() + s.listingId(), s.position());
                    bySlot.computeIfAbsent(s.position(), k -> new long[2])[0]++;
                }
            } else if (e.data() instanceof InteractionPayload.Click c && slotOf.containsKey(c.requestId() + c.listingId())) {
                bySlot.get(slotOf.get(c.requestId() + c.listingId()))[1]++;
            }
        }, h -> { });
        double ctr4 = (double) bySlot.get(4)[1] / bySlot.get(4)[0];
        double ctr12 = (double) bySlot.get(12)[1] / bySlot.get(12)[0];
        double expected = SponsoredMarket.positionBias(4) / SponsoredMarket.positionBias(12);
        assertThat(bySlot.get(4)[1]).as("enough clicks for a ratio").isGreaterThan(400);
        assertThat(ctr4 / ctr12).isBetween(expected * 0.85, expected * 1.15);
    }

    @Test
    void shouldGiveSomeListingsMomentumThatTheirViewsShow() {
        SponsoredMarket market = new SponsoredMarket(new SponsoredMarket.Settings(3, 1_000, 40, 9));
        Map<String, long[]> viewsByDay = new HashMap<>();
        long start = market.startMillis();
        market.run(request -> List.of(), e -> {
            if (e.data() instanceof InteractionPayload.Click c && c.requestId().startsWith("sim-view-") && e.ts() >= start) {
                viewsByDay.computeIfAbsent(c.listingId(), k -> new long[3])[(int) ((e.ts() - start) / SimulationConfig.DAY_MILLIS)]++;
            }
        }, h -> { });
        long rising = viewsByDay.values().stream().filter(v -> v[2] > 1.6 * v[0]).count();
        long steady = viewsByDay.values().stream().filter(v -> v[2] < 1.25 * v[0] && v[2] > 0.8 * v[0]).count();
        assertThat(rising).as("trending listings").isBetween(4L, 30L);
        assertThat(steady).as("steady listings").isGreaterThan(10);
    }
}
