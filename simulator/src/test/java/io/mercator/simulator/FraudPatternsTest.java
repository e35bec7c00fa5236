package io.mercator.simulator;

import io.mercator.events.Categories;
import io.mercator.events.Event;
import io.mercator.events.payload.ListingPayload;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The fraud a rule misses is in the world, with its ground truth: gentle bait, photo rings, sleepers. */
class FraudPatternsTest {

    private final Simulations.Recording medium = Simulations.recorded(Simulations.MEDIUM);
    private final SimulatedWorld world = medium.simulator().world();

    private Map<String, ListingPayload.Published> published() {
        Map<String, ListingPayload.Published> out = new HashMap<>();
        for (Event e : medium.events()) {
            if (e.data() instanceof ListingPayload.Published p) {
                out.put(e.key(), p);
            }
        }
        return out;
    }

    @Test
    void everyPatternIsPresentAndOnlyScammersHaveOne() {
        Map<FraudPattern, Integer> sellers = new EnumMap<>(FraudPattern.class);
        for (String s : world.sellerIds()) {
            FraudPattern p = world.fraudPattern(s);
            sellers.merge(p, 1, Integer::sum);
            assertThat(p != FraudPattern.NONE).isEqualTo(world.isScammer(s));
        }
        assertThat(sellers.keySet()).containsExactlyInAnyOrder(FraudPattern.values());
    }

    @Test
    void gentleBaitIsPricedAboveTheRulesCutOffAndBlatantBaitBelowIt() {
        Map<FraudPattern, double[]> ratio = new EnumMap<>(FraudPattern.class);
        published().forEach((id, p) -> {
            if (world.isFraudulent(id)) {
                double r = p.price() / Categories.bySlug(p.category()).medianPrice();
                double[] acc = ratio.computeIfAbsent(world.fraudPattern(p.sellerId()), k -> new double[2]);
                acc[0] += r;
                acc[1]++;
            }
        });
        assertThat(ratio.get(FraudPattern.BLATANT)[0] / ratio.get(FraudPattern.BLATANT)[1]).isLessThan(0.4);
        assertThat(ratio.get(FraudPattern.GENTLE_PRICE)[0] / ratio.get(FraudPattern.GENTLE_PRICE)[1]).isBetween(0.5, 1.0);
    }

    @Test
    void aSleeperSellsHonestlyUntilItWakesAndOnlyItsLaterListingsAreBait() {
        Map<String, ListingPayload.Published> published = published();
        int honestBefore = 0;
        int baitAfter = 0;
        for (Event e : medium.events()) {
            if (e.data() instanceof ListingPayload.Published p && world.fraudPattern(p.sellerId()) == FraudPattern.SLEEPER) {
                if (world.isFraudulent(e.key())) {
                    baitAfter++;
                } else {
                    honestBefore++;
                }
            }
        }
        assertThat(published).isNotEmpty();
        assertThat(honestBefore).isPositive();
        assertThat(baitAfter).isPositive();
        // every listing of the other scammers is bait
        published.forEach((id, p) -> {
            FraudPattern pattern = world.fraudPattern(p.sellerId());
            if (pattern != FraudPattern.NONE && pattern != FraudPattern.SLEEPER) {
                assertThat(world.isFraudulent(id)).as(id).isTrue();
            }
            if (pattern == FraudPattern.NONE) {
                assertThat(world.isFraudulent(id)).as(id).isFalse();
            }
        });
    }

    @Test
    void ringsShowTheSamePhotosAndImageAnalysisFindsThemInOtherAccountsListings() {
        int matches = 0;
        for (Event e : medium.events()) {
            if (e.data() instanceof ListingPayload.PhotoAnalyzed a) {
                assertThat(world.fraudPattern(a.sellerId())).isEqualTo(FraudPattern.PHOTO_RING);
                assertThat(a.duplicateOf()).isNotEmpty();
                for (String other : a.duplicateOf()) {
                    assertThat(world.sellerOf(other)).isNotEqualTo(a.sellerId());
                    assertThat(world.fraudPattern(world.sellerOf(other))).isEqualTo(FraudPattern.PHOTO_RING);
                }
                matches++;
            }
        }
        assertThat(matches).isPositive();
    }

    @Test
    void theSimulatedModeratorIsWrongAtItsRateAndConsistent() {
        SimulatedModerator moderator = new SimulatedModerator(world, 0.1, 5);
        List<String> listings = world.listingIds();
        int wrong = 0;
        for (String id : listings) {
            boolean answer = moderator.removes(id);
            wrong += answer != world.isFraudulent(id) ? 1 : 0;
            assertThat(moderator.removes(id)).isEqualTo(answer);
        }
        assertThat(wrong / (double) listings.size()).isCloseTo(0.1, within(0.01));
        SimulatedModerator perfect = new SimulatedModerator(world, 0, 5);
        assertThat(listings).allMatch(id -> perfect.removes(id) == world.isFraudulent(id));
    }
}
