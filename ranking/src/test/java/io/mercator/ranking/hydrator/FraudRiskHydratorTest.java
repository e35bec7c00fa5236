package io.mercator.ranking.hydrator;

import io.mercator.catalog.CatalogProjection;
import io.mercator.events.Event;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.EventPayload;
import io.mercator.events.payload.ListingPayload;
import io.mercator.ranking.candidate.Candidate;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The fraud signals a candidate carries, read from a catalog built from events. */
class FraudRiskHydratorTest {

    private static final long T0 = 1_750_000_000_000L;
    private final List<LogRecord> log = new ArrayList<>();

    private void add(String key, EventPayload data) {
        log.add(new LogRecord(new LogPartition("events", 0), log.size(), Event.of("e" + log.size(), T0 + log.size(), key, data)));
    }

    private static ListingPayload.Published published(String seller, double price) {
        return new ListingPayload.Published(seller, "Nike Air Force 1 มือสอง", "ใส่ไม่กี่ครั้ง", "th", "shoes", price, "good", 1,
                List.of("p/1.jpg"), "Bangkok", 13.75, 100.5);
    }

    private static ListingPayload.PhotoAnalyzed photo(String seller, List<String> duplicateOf) {
        return new ListingPayload.PhotoAnalyzed("ph-" + seller, seller, List.of("0123456789abcdef"), "", "shoes", 0.9, 0.01,
                List.of(), 0.99, duplicateOf, "v-test");
    }

    private FraudRisk riskOf(CatalogProjection catalog, String listingId) {
        FraudRiskHydrator hydrator = new FraudRiskHydrator(catalog, seller -> 1);
        Candidate c = Candidate.recalled(listingId, "test", 1).located(catalog.listing(listingId).orElseThrow(), null, 0);
        return hydrator.assess(c, 2_000.0, T0 + 1_000);
    }

    @Test
    void aPhotoFoundInAnotherSellersListingIsAFraudSignalThatSendsTheListingToModeration() {
        add("L-original", published("S-1", 2_400));
        add("L-original", photo("S-1", List.of()));
        add("L-copy", published("S-2", 2_300));
        add("L-copy", photo("S-2", List.of("L-original")));
        add("L-cheap-copy", published("S-3", 100));
        add("L-cheap-copy", photo("S-3", List.of("L-original")));
        CatalogProjection catalog = new CatalogProjection();
        catalog.apply(log);

        assertThat(catalog.photoReusedFrom("L-copy")).containsExactly("L-original");
        assertThat(catalog.photoReusedFrom("L-original")).isEmpty();

        // the original carries nothing; the copy is flagged (>= 0.5) but served (< 0.8)
        assertThat(riskOf(catalog, "L-original").reasons()).isEmpty();
        FraudRisk copy = riskOf(catalog, "L-copy");
        assertThat(copy.reasons()).containsExactly("photo-reused-from-other-seller");
        assertThat(copy.score()).isCloseTo(FraudRiskHydrator.PHOTO_REUSE_RISK, within(1e-9));
        // with a price far below the category's usual one as well, together they pass the drop line
        FraudRisk cheap = riskOf(catalog, "L-cheap-copy");
        assertThat(cheap.reasons()).containsExactly("photo-reused-from-other-seller", "price-far-below-category");
        assertThat(cheap.score()).isGreaterThanOrEqualTo(0.8);
    }
}
