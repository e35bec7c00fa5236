package io.mercator.fraud.rule;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FraudRuleTest {

    private static FraudRule.Inputs honest() {
        return new FraudRule.Inputs(false, 0, false, 3, false, 1_000, 1_000);
    }

    @Test
    void anHonestLookingListingHasNoRisk() {
        FraudRule.Assessment a = FraudRule.assess(honest());
        assertThat(a.score()).isZero();
        assertThat(a.signals()).isEmpty();
    }

    @Test
    void aBannedSellerIsCertain() {
        FraudRule.Assessment a = FraudRule.assess(new FraudRule.Inputs(true, 0, false, 0, false, 1_000, 1_000));
        assertThat(a.score()).isEqualTo(1);
        assertThat(a.signals()).containsOnlyKeys("seller-banned");
    }

    @Test
    void signalsCombineAsIndependentEvidence() {
        FraudRule.Assessment photo = FraudRule.assess(new FraudRule.Inputs(false, 0, false, 0, true, 1_000, 1_000));
        FraudRule.Assessment many = FraudRule.assess(new FraudRule.Inputs(false, 0, true, FraudRule.MANY_LISTINGS, false, 1_000, 1_000));
        FraudRule.Assessment both = FraudRule.assess(new FraudRule.Inputs(false, 0, true, FraudRule.MANY_LISTINGS, true, 1_000, 1_000));
        assertThat(both.score()).isCloseTo(1 - (1 - photo.score()) * (1 - many.score()), within(1e-12));
        assertThat(both.signals()).containsOnlyKeys("new-seller-many-listings", "photo-reused-from-other-seller");
    }

    @Test
    void onlyAPriceFarBelowTheUsualCounts() {
        assertThat(FraudRule.assess(new FraudRule.Inputs(false, 0, false, 0, false, 310, 1_000)).score()).isZero();
        double cheap = FraudRule.assess(new FraudRule.Inputs(false, 0, false, 0, false, 150, 1_000)).score();
        double cheaper = FraudRule.assess(new FraudRule.Inputs(false, 0, false, 0, false, 50, 1_000)).score();
        assertThat(cheap).isPositive();
        assertThat(cheaper).isGreaterThan(cheap);
    }

    @Test
    void reportsAloneStayBelowTheDropThreshold() {
        double many = FraudRule.assess(new FraudRule.Inputs(false, 50, false, 0, false, 1_000, 1_000)).score();
        assertThat(many).isLessThan(0.8).isGreaterThan(
                FraudRule.assess(new FraudRule.Inputs(false, 1, false, 0, false, 1_000, 1_000)).score());
    }
}
