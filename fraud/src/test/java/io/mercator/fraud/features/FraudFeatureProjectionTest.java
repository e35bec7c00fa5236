package io.mercator.fraud.features;

import io.mercator.events.Event;
import io.mercator.events.payload.EventPayload;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.ListingPayload;
import io.mercator.events.payload.SellerPayload;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FraudFeatureProjectionTest {

    private static final long T0 = 1_780_000_000_000L;
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;

    private final List<LogRecord> log = new ArrayList<>();

    private void add(long ts, String key, EventPayload payload) {
        log.add(new LogRecord(new LogPartition("t", 0), log.size(), Event.of("e" + log.size(), ts, key, payload)));
    }

    private void publish(long ts, String listing, String seller, double price, String condition) {
        add(ts, listing, new ListingPayload.Published(seller, "phone", "a phone", "en", "mobile-phones", price, condition,
                1, List.of("photos/" + listing + "/1.jpg", "photos/" + listing + "/2.jpg"), "Bangkok", 13.7, 100.5));
    }

    private FraudFeatureProjection replay(long horizon) {
        FraudFeatureProjection p = new FraudFeatureProjection(horizon);
        p.apply(log).toCompletionStage().toCompletableFuture().join();
        return p;
    }

    @Test
    void describesAListingAsItsSellerWasWhenItWasPublished() {
        add(T0, "s1", new SellerPayload.Registered("Bangkok"));
        add(T0 + HOUR, "s1", new SellerPayload.Verified("e-kyc"));
        for (int i = 0; i < 30; i++) {
            publish(T0 + 2 * DAY + i * 60_000, "honest-" + i, "s" + (100 + i), 8_000, "good");
        }
        publish(T0 + 3 * DAY, "l1", "s1", 2_000, "new");
        publish(T0 + 3 * DAY + HOUR, "l2", "s1", 2_500, "like_new");
        add(T0 + 4 * DAY, "s1", new SellerPayload.Reported("never arrived", "l1"));

        FraudCase l2 = replay(Long.MAX_VALUE).fraudCase("l2").orElseThrow();
        assertThat(l2.feature(FraudFeatures.SELLER_AGE_DAYS)).isCloseTo(3 + 1 / 24.0, within(1e-9));
        assertThat(l2.feature(FraudFeatures.SELLER_VERIFIED)).isEqualTo(1);
        assertThat(l2.feature(FraudFeatures.SELLER_LISTINGS)).isEqualTo(1);
        assertThat(l2.feature(FraudFeatures.SELLER_LISTINGS_24H)).isEqualTo(1);
        assertThat(l2.feature(FraudFeatures.CLAIMS_NEW)).isEqualTo(1);
        assertThat(l2.feature(FraudFeatures.SELLER_CLAIMS_NEW_SHARE)).isEqualTo(1);
        assertThat(l2.feature(FraudFeatures.PHOTOS)).isEqualTo(2);
        // no earlier like-new phones: the category's usual price, from thirty phones at 8,000 and l1 at 2,000
        double usualLog = (30 * Math.log(8_000) + Math.log(2_000)) / 31;
        assertThat(l2.feature(FraudFeatures.PRICE_LOG_RATIO)).isCloseTo(Math.log(2_500) - usualLog, within(1e-9));
        assertThat(l2.rule().usualPrice()).isCloseTo((30 * 8_000 + 2_000) / 31.0, within(1e-9));
        assertThat(l2.rule().newSeller()).isTrue();
        assertThat(l2.rule().liveListings()).isEqualTo(2);
    }

    @Test
    void aReportCountsOnlyWithinTheHorizonOfAPublication() {
        add(T0, "s1", new SellerPayload.Registered("Bangkok"));
        publish(T0 + HOUR, "early", "s1", 1_000, "good");
        publish(T0 + 3 * DAY, "late", "s1", 1_000, "good");
        add(T0 + 3 * DAY + 2 * HOUR, "s1", new SellerPayload.Reported("never arrived", "late"));

        FraudFeatureProjection oneDay = replay(DAY);
        assertThat(oneDay.fraudCase("late").orElseThrow().feature(FraudFeatures.SELLER_REPORTS)).isEqualTo(1);
        assertThat(oneDay.fraudCase("late").orElseThrow().rule().reports()).isEqualTo(1);
        assertThat(oneDay.fraudCase("early").orElseThrow().feature(FraudFeatures.SELLER_REPORTS))
                .as("three days after its publication").isZero();
        assertThat(replay(Long.MAX_VALUE).fraudCase("early").orElseThrow().feature(FraudFeatures.SELLER_REPORTS))
                .as("what the service knows now").isEqualTo(1);
    }

    @Test
    void aPhotoFoundInAnotherSellersListingIsAddedToTheCase() {
        publish(T0, "first", "s1", 1_000, "good");
        publish(T0 + HOUR, "copy", "s2", 900, "new");
        add(T0 + HOUR + 90_000, "copy", new ListingPayload.PhotoAnalyzed("photos/copy/1.jpg", "s2",
                List.of("0123456789abcdef"), null, null, null, null, List.of(), 1.0, List.of("first"), "test"));
        FraudCase copy = replay(Long.MAX_VALUE).fraudCase("copy").orElseThrow();
        assertThat(copy.feature(FraudFeatures.PHOTO_REUSED_OTHER_SELLERS)).isEqualTo(1);
        assertThat(copy.rule().photoReused()).isTrue();
        assertThat(replay(Long.MAX_VALUE).fraudCase("first").orElseThrow().rule().photoReused()).isFalse();
    }

    @Test
    void aBurstFromAnOldQuietAccountStandsOut() {
        add(T0, "s1", new SellerPayload.Registered("Bangkok"));
        publish(T0 + DAY, "quiet", "s1", 1_000, "good");
        for (int i = 0; i < 6; i++) {
            publish(T0 + 10 * DAY + i * HOUR, "burst-" + i, "s1", 600, "new");
        }
        FraudCase last = replay(Long.MAX_VALUE).fraudCase("burst-5").orElseThrow();
        assertThat(last.feature(FraudFeatures.SELLER_LISTINGS_24H)).isEqualTo(5);
        assertThat(last.feature(FraudFeatures.SELLER_BURST)).isGreaterThan(4);
        assertThat(last.feature(FraudFeatures.SELLER_RECENT_CLAIMS_NEW_SHARE)).isEqualTo(1);
        assertThat(last.feature(FraudFeatures.SELLER_CLAIMS_NEW_SHARE)).isCloseTo(5 / 6.0, within(1e-9));
    }

    @Test
    void unknownListingsHaveNoCase() {
        assertThat(replay(Long.MAX_VALUE).fraudCase("nothing")).isEmpty();
    }
}
