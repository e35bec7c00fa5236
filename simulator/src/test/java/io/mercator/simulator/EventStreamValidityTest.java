package io.mercator.simulator;

import io.mercator.events.Event;
import io.mercator.events.EventFamily;
import io.mercator.events.payload.BoostPayload;
import io.mercator.events.payload.InteractionPayload;
import io.mercator.events.payload.ListingPayload;
import io.mercator.events.payload.SellerPayload;
import io.mercator.events.payload.UserPayload;
import io.mercator.events.validation.EventValidator;
import io.mercator.events.validation.Rejection;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The stream is something the event log accepts as it is, in the order it comes. */
class EventStreamValidityTest {

    private final Simulations.Recording small = Simulations.recorded(Simulations.SMALL);

    @Test
    void everyBatchPassesTheValidationGateInOrder() {
        Set<String> published = new HashSet<>();
        Set<String> campaigns = new HashSet<>();
        EventValidator validator = new EventValidator(
                Clock.fixed(Instant.ofEpochMilli(Simulations.SMALL.endMillis()), ZoneOffset.UTC), published::contains,
                campaigns::contains);

        for (List<Event> batch : small.batches()) {
            List<Rejection> rejections = validator.validate(batch);
            assertThat(rejections).isEmpty();
            batch.stream().filter(e -> e.data() instanceof ListingPayload.Published).forEach(e -> published.add(e.key()));
            batch.stream().filter(e -> e.data() instanceof BoostPayload.CampaignStarted)
                    .forEach(e -> campaigns.add(((BoostPayload.CampaignStarted) e.data()).campaignId()));
        }
        assertThat(published).hasSize(small.summary().listings());
    }

    @Test
    void batchesAreOfTheAgreedSize() {
        List<List<Event>> batches = small.batches();

        assertThat(batches).hasSizeGreaterThan(2);
        assertThat(batches.subList(0, batches.size() - 1))
                .allSatisfy(b -> assertThat(b.size()).isBetween(1_000, 5_000));
        assertThat(batches.getLast()).isNotEmpty();
    }

    @Test
    void timestampsNeverGoBackAndStayInsideTheSpan() {
        long previous = Long.MIN_VALUE;
        for (Event e : small.events()) {
            assertThat(e.ts()).as(e.id()).isGreaterThanOrEqualTo(previous)
                    .isGreaterThanOrEqualTo(Simulations.SMALL.startMillis())
                    .isLessThan(Simulations.SMALL.endMillis());
            previous = e.ts();
        }
    }

    @Test
    void everythingIsAnnouncedBeforeItIsReferenced() {
        Map<String, Long> listingPublished = new HashMap<>();
        Set<String> sellers = new HashSet<>();
        Set<String> users = new HashSet<>();
        for (Event e : small.events()) {
            switch (e.data()) {
                case ListingPayload.Published p -> {
                    assertThat(sellers).as("seller of %s registered", e.key()).contains(p.sellerId());
                    assertThat(listingPublished.put(e.key(), e.ts())).as("published once").isNull();
                }
                case ListingPayload l -> assertThat(listingPublished).containsKey(e.key());
                case BoostPayload b -> assertThat(listingPublished).containsKey(e.key());
                case SellerPayload.Registered r -> sellers.add(e.key());
                case SellerPayload.Reported r -> {
                    assertThat(sellers).contains(e.key());
                    if (r.listingId() != null) {
                        assertThat(listingPublished).containsKey(r.listingId());
                    }
                }
                case SellerPayload s -> assertThat(sellers).contains(e.key());
                case UserPayload.Profile p -> users.add(e.key());
                case InteractionPayload.OnListing i -> {
                    assertThat(users).as("profile of %s", e.key()).contains(e.key());
                    assertThat(listingPublished).containsKey(i.listingId());
                    assertThat(e.ts()).isGreaterThanOrEqualTo(listingPublished.get(i.listingId()));
                }
                default -> throw new AssertionError("unexpected event " + e);
            }
        }
    }

    @Test
    void eventsAreKeyedByTheEntityTheirFamilyNames() {
        SimulatedWorld world = small.simulator().world();
        Set<String> userIds = new HashSet<>(world.userIds());
        Set<String> sellerIds = new HashSet<>(world.sellerIds());
        Set<String> listingIds = new HashSet<>(world.listingIds());

        for (Event e : small.events()) {
            EventFamily family = e.type().family();
            switch (family) {
                case USER, INTERACTION -> assertThat(userIds).contains(e.key());
                case SELLER -> assertThat(sellerIds).contains(e.key());
                case LISTING, BOOST -> assertThat(listingIds).contains(e.key());
                default -> throw new AssertionError("the simulator emits no " + family + " events");
            }
        }
    }

    @Test
    void listingsAreNotShownOnceGoneSoldOutOrTheirSellerBanned() {
        Map<String, String> sellerOf = new HashMap<>();
        Set<String> gone = new HashSet<>();
        Set<String> bannedSellers = new HashSet<>();
        Simulations.Recording medium = Simulations.recorded(Simulations.MEDIUM);
        int shownAfter = 0;
        for (Event e : medium.events()) {
            switch (e.data()) {
                case ListingPayload.Published p -> sellerOf.put(e.key(), p.sellerId());
                case ListingPayload.Removed r -> gone.add(e.key());
                case ListingPayload.Updated u when u.stock() != null -> {
                    if (u.stock() == 0) {
                        gone.add(e.key());
                    } else {
                        gone.remove(e.key()); // restocked
                    }
                }
                case SellerPayload.Banned b -> bannedSellers.add(e.key());
                case InteractionPayload.Impression i -> {
                    if (gone.contains(i.listingId()) || bannedSellers.contains(sellerOf.get(i.listingId()))) {
                        shownAfter++;
                    }
                }
                default -> {
                }
            }
        }
        assertThat(bannedSellers).isNotEmpty();
        assertThat(shownAfter).isZero();
    }
}
