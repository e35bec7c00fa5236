package io.mercator.nlp.screening;

import io.mercator.events.Event;
import io.mercator.events.TestEvents;
import io.mercator.events.log.LogPartition;
import io.mercator.events.log.LogRecord;
import io.mercator.events.payload.EventPayload;
import io.mercator.events.payload.ListingPayload;
import io.mercator.events.payload.TextPayload;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which texts wait for analysis, whichever family a reader takes first: on Kafka the listing and
 * text events are different topics, and a replay can apply a listing's analysis before the listing.
 */
class ListingTextsTest {

    private final List<LogRecord> log = new ArrayList<>();

    private void add(String key, EventPayload data) {
        log.add(new LogRecord(new LogPartition(data instanceof TextPayload ? "text" : "listing", 0), log.size(),
                Event.of("e-" + log.size(), TestEvents.TS + log.size(), key, data)));
    }

    private static ListingPayload.Published published(String title) {
        ListingPayload.Published p = TestEvents.published();
        return new ListingPayload.Published(p.sellerId(), title, p.description(), p.lang(), p.category(), p.price(),
                p.condition(), p.stock(), p.photos(), p.province(), p.lat(), p.lon());
    }

    private static TextPayload.Analyzed analyzed(String title) {
        return new TextPayload.Analyzed(TextPayload.textHash(title, TestEvents.published().description()), 0.9, "allow",
                "th", Map.of(), List.of(), "t-1", false);
    }

    private static ListingTexts applied(List<LogRecord> records) {
        ListingTexts texts = new ListingTexts();
        texts.apply(records);
        return texts;
    }

    @Test
    void aListingWaitsUntilItsCurrentTextIsAnalysedWhicheverFamilyComesFirst() {
        add("L1", published("iPhone 12"));          // analysed
        add("L2", published("Galaxy S21"));         // analysed, then changed: waits again
        add("L3", published("Pixel 7"));            // deferred: waits, marked
        add("L4", published("Nokia 3310"));         // analysed, then removed
        add("L5", published("Xperia 1"));           // never analysed
        add("L1", analyzed("iPhone 12"));
        add("L2", analyzed("Galaxy S21"));
        add("L2", new ListingPayload.Updated(null, null, "Galaxy S21 Ultra", null, null));
        add("L3", new TextPayload.Deferred(TextPayload.textHash("Pixel 7", TestEvents.published().description()), "down"));
        add("L4", analyzed("Nokia 3310"));
        add("L4", new ListingPayload.Removed("sold"));

        List<LogRecord> textFirst = new ArrayList<>(log.stream().filter(r -> r.partition().topic().equals("text")).toList());
        textFirst.addAll(log.stream().filter(r -> r.partition().topic().equals("listing")).toList());
        for (List<LogRecord> order : List.of(log, textFirst)) {
            ListingTexts texts = applied(order);
            assertThat(texts.waiting(10, id -> false)).extracting(ListingTexts.Text::listingId)
                    .as("publication order, text first: " + (order == textFirst)).containsExactly("L2", "L3", "L5");
            assertThat(texts.waitingUndeferred(10, id -> false)).extracting(ListingTexts.Text::listingId)
                    .containsExactly("L2", "L5");
            assertThat(texts.settled("L1", TextPayload.textHash("iPhone 12", TestEvents.published().description()))).isTrue();
            assertThat(texts.settled("L4", "any")).as("removed").isTrue();
        }
    }
}
