package io.mercator.ranking;

import io.mercator.catalog.Listing;
import io.mercator.events.payload.AdminPayload;
import io.mercator.events.payload.InteractionPayload;
import io.mercator.events.payload.BoostPayload;
import io.mercator.events.payload.ModerationPayload;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.selector.SellerDiversity;
import io.mercator.ranking.sideeffect.ModerationFlagWriter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.mercator.ranking.Market.BANGKOK;
import static io.mercator.ranking.RecallStageTest.ids;
import static io.mercator.ranking.RankingHarness.done;
import static org.assertj.core.api.Assertions.assertThat;

class ReRankAndMixTest {

    private final RankingHarness h = new RankingHarness();

    private static List<Candidate> bySellers(String... sellers) {
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < sellers.length; i++) {
            Listing l = new Listing(sellers[i] + i, sellers[i], "t", "d", "th", "books", 100, "good", 1, List.of(),
                    "Bangkok", 13.75, 100.5, 0, 0, false, false, null);
            out.add(Candidate.recalled(l.id(), "test", 1).located(l, null, i).scored(null, null, 100 - i));
        }
        return out;
    }

    private static List<String> sellers(List<Candidate> cs) {
        return cs.stream().map(Candidate::sellerId).toList();
    }

    @Test
    void diversityDefersTheFourthItemOfOneSellerInARow() {
        List<Candidate> out = new SellerDiversity(3).select(null, bySellers("a", "a", "a", "a", "a", "b", "c"));

        assertThat(sellers(out)).containsExactly("a", "a", "a", "b", "a", "a", "c");
        assertThat(out).extracting(Candidate::listingId).containsExactly("a0", "a1", "a2", "b5", "a3", "a4", "c6");
    }

    @Test
    void diversityKeepsScoreOrderWhenNoRunIsTooLong() {
        List<Candidate> in = bySellers("a", "a", "b", "a", "a", "a", "c");

        assertThat(new SellerDiversity(3).select(null, in)).containsExactlyElementsOf(in);
    }

    @Test
    void diversityKeepsASingleSellersItemsRatherThanDroppingThem() {
        assertThat(new SellerDiversity(3).select(null, bySellers("a", "a", "a", "a", "a"))).hasSize(5);
    }

    @Test
    void diversityHoldsEndToEnd() {
        for (int i = 0; i < 6; i++) {
            h.market.phone("BIG" + i, "big-seller", 20_000 - i * 100);
        }
        h.market.phone("SMALL", "small-seller", 8_000).apply();
        h.keyword.answers("BIG0", "BIG1", "BIG2", "BIG3", "BIG4", "BIG5", "SMALL");

        RankingResult r = h.serve(h.searchQuery("phone", BANGKOK));

        assertThat(ids(r)).containsExactly("BIG0", "BIG1", "BIG2", "SMALL", "BIG3", "BIG4", "BIG5");
    }

    @Test
    void dropsHighRiskListingsAndFlagsBorderlineOnesOncePerHour() {
        h.market.phone("HONEST", "s1", 8_000).phone("HONEST2", "s2", 8_500).phone("HONEST3", "s3", 7_500)
                // reported many times and absurdly cheap: dropped
                .phone("SCAM", "crook", 100).reported("crook", 10)
                // absurdly cheap from a clean seller: maybe a bargain, maybe not; kept and flagged
                .phone("TOO-CHEAP", "s4", 400)
                .apply();
        h.keyword.answers("HONEST", "HONEST2", "HONEST3", "SCAM", "TOO-CHEAP");

        RankingResult r = h.serve(h.searchQuery("phone", BANGKOK));

        assertThat(ids(r)).contains("HONEST", "TOO-CHEAP").doesNotContain("SCAM");
        List<ModerationPayload.Flagged> flags = h.log.payloads(ModerationPayload.Flagged.class);
        assertThat(flags).hasSize(1);
        assertThat(flags.get(0).source()).isEqualTo(ModerationFlagWriter.SOURCE);
        assertThat(flags.get(0).reason()).contains("price-far-below-category");
        assertThat(flags.get(0).risk()).isBetween(0.5, 0.8);
        assertThat(h.log.appended.stream().filter(e -> e.data() instanceof ModerationPayload.Flagged))
                .extracting(e -> e.key()).containsExactly("TOO-CHEAP");

        h.serve(h.searchQuery("phone", BANGKOK));
        assertThat(h.log.payloads(ModerationPayload.Flagged.class)).as("same hour: not again").hasSize(1);

        RankingQuery later = RankingQuery.search("req-2", "buyer", "phone", BANGKOK[0], BANGKOK[1], null, "ios",
                h.market.now() + 3_600_000L);
        h.serve(later);
        assertThat(h.log.payloads(ModerationPayload.Flagged.class)).as("an hour later: again").hasSize(2);
    }

    @Test
    void fillsSlotsFourAndTwelveWithBoostedListingsFromBelowTheForceBoostFirst() {
        String[] ids = new String[16];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "P" + i;
            // P0 is the priciest, so the model double ranks P0..P15 in that order
            h.market.phone(ids[i], "seller" + i, 30_000 - i * 1_500);
        }
        h.market.boosted("P1")           // boosted but already ranked at 2: stays organic, uncharged
                .boosted("P13")          // paid campaign, ranked 14th organically
                .admin("P15", AdminPayload.Action.FORCE_BOOST_LISTING)
                .apply();
        h.keyword.answers(ids);

        RankingResult r = h.serve(h.searchQuery("phone", BANGKOK));

        assertThat(r.items()).hasSize(16);
        // an admin force-boost always wins a slot, the first; the agent fills the next with the campaign
        assertThat(r.items().get(3)).satisfies(i -> {
            assertThat(i.listingId()).isEqualTo("P15");
            assertThat(i.sponsored()).isTrue();
            assertThat(i.campaignId()).isNull();
        });
        assertThat(r.items().get(11)).satisfies(i -> {
            assertThat(i.listingId()).isEqualTo("P13");
            assertThat(i.sponsored()).isTrue();
            assertThat(i.campaignId()).isEqualTo("c-P13");
        });
        assertThat(r.items().get(1).listingId()).isEqualTo("P1");
        assertThat(r.items()).filteredOn(RankingResult.Item::sponsored).hasSize(2);
        assertThat(ids(r)).doesNotHaveDuplicates();
        assertThat(r.items()).extracting(RankingResult.Item::position)
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);

        // the impression is charged in the same append as the list, which names the campaign
        assertThat(h.log.payloads(BoostPayload.Spend.class)).singleElement().satisfies(s -> {
            assertThat(s.campaignId()).isEqualTo("c-P13");
            assertThat(s.amount()).isEqualTo(0.02); // a thousandth of 20 THB per 1,000
        });
        assertThat(h.log.payloads(InteractionPayload.Impressions.class).getFirst().items().get(11)).satisfies(s -> {
            assertThat(s.campaignId()).isEqualTo("c-P13");
            assertThat(s.pctr()).isPositive();
        });
        assertThat(h.log.appended).filteredOn(e -> e.data() instanceof BoostPayload.Spend)
                .singleElement().satisfies(e -> assertThat(e.id()).isEqualTo("spend:req-1:P13"));
        assertThat(h.market.boosts.campaignState("c-P13").reserved()).isEqualTo(0.02);
    }

    @Test
    void theFeedRecallsANearbyBoostedListingTheOtherSourcesMissedButNotAFarOne() {
        String[] taste = new String[8];
        for (int i = 0; i < taste.length; i++) {
            taste[i] = "P" + i;
            h.market.phone(taste[i], "seller" + i, 30_000 - i * 1_500);
        }
        h.market.phone("NEAR-BOOSTED", "seller-near", 1_000).boosted("NEAR-BOOSTED")
                .listing("FAR-BOOSTED", "seller-far", "mobile-phones", 1_000, "Songkhla", Market.SONGKHLA)
                .boosted("FAR-BOOSTED")
                .apply();
        h.userVectors.put("regular", new float[]{0, 1, 0, 0});
        h.vector.answers(taste); // the buyer's taste finds neither boosted listing

        RankingResult r = h.serve(h.feedQuery("regular", BANGKOK));

        assertThat(r.items().get(3)).satisfies(i -> {
            assertThat(i.listingId()).isEqualTo("NEAR-BOOSTED");
            assertThat(i.sponsored()).isTrue();
            assertThat(i.campaignId()).isEqualTo("c-NEAR-BOOSTED");
        });
        // 750 km from Bangkok: beyond any buyer's reach, so not recalled for the slot
        assertThat(ids(r)).doesNotContain("FAR-BOOSTED");
    }

    @Test
    void aPreviewOrAWarmUpShowsTheSponsoredItemButChargesNothing() {
        for (int i = 0; i < 16; i++) {
            h.market.phone("P" + i, "seller" + i, 30_000 - i * 1_500);
        }
        h.market.boosted("P13").apply();
        h.keyword.answers(java.util.stream.IntStream.range(0, 16).mapToObj(i -> "P" + i).toArray(String[]::new));
        RankingQuery q = h.searchQuery("phone", BANGKOK);

        RankingResult preview = done(h.ranker().preview(q));
        done(h.ranker().warmUp(java.util.List.of(q)));

        assertThat(preview.items().get(3).campaignId()).isEqualTo("c-P13");
        assertThat(h.market.boosts.campaignState("c-P13").reserved()).isZero();
        assertThat(h.log.payloads(BoostPayload.Spend.class)).isEmpty();
    }

    @Test
    void aCampaignWithoutBudgetLeavesItsSlotOrganic() {
        for (int i = 0; i < 16; i++) {
            h.market.phone("P" + i, "seller" + i, 30_000 - i * 1_500);
        }
        h.market.event("P13", new BoostPayload.CampaignStarted("c-small", 0.02, 20, h.market.now() + 86_400_000L))
                .apply();
        h.keyword.answers(java.util.stream.IntStream.range(0, 16).mapToObj(i -> "P" + i).toArray(String[]::new));

        assertThat(h.serve(h.searchQuery("phone", BANGKOK)).items().get(3).listingId()).isEqualTo("P13");
        // its one impression's worth is spent: the next request shows it where it ranks, unsponsored
        RankingResult next = h.serve(RankingQuery.search("req-2", "buyer", "phone", BANGKOK[0], BANGKOK[1], null,
                "android", h.market.now()));
        assertThat(next.items()).noneMatch(RankingResult.Item::sponsored);
        assertThat(next.items().get(13).listingId()).isEqualTo("P13");
    }

    @Test
    void aSponsoredListingMustPassTheFiltersToo() {
        for (int i = 0; i < 6; i++) {
            h.market.phone("P" + i, "seller" + i, 20_000 - i * 1_000);
        }
        h.market.phone("BOOSTED-BANNED", "crook", 5_000).boosted("BOOSTED-BANNED").banned("crook").apply();
        h.keyword.answers("P0", "P1", "P2", "P3", "P4", "P5", "BOOSTED-BANNED");

        RankingResult r = h.serve(h.searchQuery("phone", BANGKOK));

        assertThat(ids(r)).doesNotContain("BOOSTED-BANNED");
        assertThat(r.items()).noneMatch(RankingResult.Item::sponsored);
    }
}
