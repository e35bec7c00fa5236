package io.mercator.simulator;

import io.mercator.events.Categories;
import io.mercator.events.Event;
import io.mercator.events.payload.ListingPayload;
import io.mercator.events.payload.SellerPayload;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Scammers leave the traces a fraud model can learn from: low prices, reports, bans. */
class TrustSignalsTest {

    private final Simulations.Recording medium = Simulations.recorded(Simulations.MEDIUM);
    private final SimulatedWorld world = medium.simulator().world();

    @Test
    void scammersAreReportedFarMoreOftenThanHonestSellers() {
        Map<String, Integer> reports = new HashMap<>();
        for (Event e : medium.events()) {
            if (e.data() instanceof SellerPayload.Reported) {
                reports.merge(e.key(), 1, Integer::sum);
            }
        }
        List<String> scammers = world.sellerIds().stream().filter(world::isScammer).toList();
        List<String> honest = world.sellerIds().stream().filter(s -> !world.isScammer(s)).toList();
        double scammerRate = scammers.stream().mapToInt(s -> reports.getOrDefault(s, 0)).average().orElseThrow();
        double honestRate = honest.stream().mapToInt(s -> reports.getOrDefault(s, 0)).average().orElseThrow();

        assertThat(scammers).isNotEmpty();
        assertThat(reports).isNotEmpty();
        assertThat(scammerRate).isGreaterThan(5 * honestRate);
    }

    @Test
    void aFewSellersAreBannedMostlyScammers() {
        Set<String> banned = new HashSet<>();
        for (Event e : medium.events()) {
            if (e.data() instanceof SellerPayload.Banned) {
                assertThat(banned.add(e.key())).as("banned once").isTrue();
            }
        }
        long scammersBanned = banned.stream().filter(world::isScammer).count();

        assertThat(banned).isNotEmpty().hasSizeLessThan(world.sellerIds().size() / 10);
        assertThat(scammersBanned).isGreaterThan(banned.size() / 2);
    }

    @Test
    void baitPricesBelowTheCategoryMedianAndBlatantBaitFarBelow() {
        List<Double> blatant = new ArrayList<>();
        List<Double> bait = new ArrayList<>();
        List<Double> honest = new ArrayList<>();
        for (Event e : medium.events()) {
            if (e.data() instanceof ListingPayload.Published p) {
                double ratio = p.price() / Categories.bySlug(p.category()).medianPrice();
                if (!world.isFraudulent(e.key())) {
                    honest.add(ratio);
                } else {
                    bait.add(ratio);
                    if (world.fraudPattern(p.sellerId()) == FraudPattern.BLATANT) {
                        blatant.add(ratio);
                    }
                }
            }
        }

        assertThat(blatant).isNotEmpty();
        assertThat(median(blatant)).isLessThan(0.5);
        assertThat(median(bait)).isLessThan(0.8);
        assertThat(median(honest)).isBetween(0.6, 1.5);
    }

    @Test
    void someSellersVerifyTheirIdentity() {
        long verified = medium.events().stream().filter(e -> e.data() instanceof SellerPayload.Verified).count();

        assertThat(verified).isBetween((long) (world.sellerIds().size() * 0.1), (long) (world.sellerIds().size() * 0.5));
    }

    private static double median(List<Double> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }
}
