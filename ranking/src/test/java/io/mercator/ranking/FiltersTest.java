package io.mercator.ranking;

import io.mercator.events.payload.AdminPayload;
import io.mercator.hydration.features.UserFeatures;
import io.mercator.ranking.filter.DistanceFilter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.mercator.ranking.Market.BANGKOK;
import static io.mercator.ranking.Market.CHIANG_MAI;
import static io.mercator.ranking.Market.NONTHABURI;
import static io.mercator.ranking.RecallStageTest.ids;
import static org.assertj.core.api.Assertions.assertThat;

class FiltersTest {

    private final RankingHarness h = new RankingHarness();

    @BeforeEach
    void market() {
        h.market.phone("OK", "s1", 8_000).phone("SOLD-OUT", "s2", 8_000).phone("BANNED-SELLER", "crook", 8_000)
                .listing("AMULET", "s3", "amulets", 1_500, "Bangkok", BANGKOK)
                .listing("NEAR", "s4", "mobile-phones", 8_000, "Nonthaburi", NONTHABURI)
                .listing("FAR", "s5", "mobile-phones", 8_000, "Chiang Mai", CHIANG_MAI)
                .outOfStock("SOLD-OUT").banned("crook").admin("amulets", AdminPayload.Action.BAN_CATEGORY)
                .buyer("homebody", BANGKOK, 50)
                .apply();
        h.keyword.answers("OK", "SOLD-OUT", "BANNED-SELLER", "AMULET", "NEAR", "FAR");
    }

    private List<String> search(String user, double[] at) {
        RankingQuery q = RankingQuery.search("r", user, "phone", at == null ? null : at[0], at == null ? null : at[1],
                null, "web", h.market.now());
        return ids(h.serve(q));
    }

    @Test
    void dropsOutOfStockListings() {
        assertThat(search(null, null)).contains("OK").doesNotContain("SOLD-OUT");
    }

    @Test
    void dropsListingsOfBannedSellers() {
        assertThat(search(null, null)).contains("OK").doesNotContain("BANNED-SELLER");
    }

    @Test
    void dropsListingsOfACategoryAnAdminBanned() {
        assertThat(search(null, null)).contains("OK").doesNotContain("AMULET");
    }

    @Test
    void keepsEverythingWhenThereIsNoPointToMeasureFrom() {
        assertThat(search(null, null)).contains("NEAR", "FAR");
    }

    @Test
    void measuresFromTheBuyersHomeWhenTheRequestHasNoLocation() {
        assertThat(search("homebody", null)).contains("OK", "NEAR").doesNotContain("FAR");
    }

    @Test
    void measuresFromTheRequestsLocationFirst() {
        // the buyer is travelling in Chiang Mai: Bangkok is now the far side
        assertThat(search("homebody", CHIANG_MAI)).contains("FAR").doesNotContain("OK", "NEAR");
    }

    @Test
    void capsAnyDistanceSettingAt500Km() {
        UserFeatures farRoaming = new UserFeatures("u", true, null, null, 13.75, 100.5, 2_000, 0, 0, List.of(), 0,
                null, null);
        UserFeatures noSetting = new UserFeatures("u", false, null, null, Double.NaN, Double.NaN, 0, 0, 0, List.of(),
                0, null, null);
        RankingQuery q = h.feedQuery("u", BANGKOK);

        assertThat(DistanceFilter.maxKm(q.withUser(farRoaming))).isEqualTo(500);
        assertThat(DistanceFilter.maxKm(q.withUser(noSetting))).isEqualTo(500);
        // Bangkok to Chiang Mai is about 580 km: beyond anyone's reach
        assertThat(search(null, BANGKOK)).contains("OK").doesNotContain("FAR");
    }
}
