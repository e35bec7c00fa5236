package io.mercator.service;

import io.mercator.service.faults.TestService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A restart rebuilds every projection from the log to exactly the state it had. */
class ReplayAfterRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldRebuildIdenticalStateFromTheLogAfterARestart() throws Exception {
        rebuildsIdenticalState(Map.of());
    }

    /**
     * On Kafka every family is a topic, and a replay reads them all at once: the listings, their
     * text analyses and holds, the moderators' decisions, the orders that count for a seller's
     * trust. Whichever topic comes first, the catalog and the features must come out as they were.
     */
    @Test
    void shouldRebuildIdenticalStateFromKafkaTopicsAfterARestart() throws Exception {
        rebuildsIdenticalState(RunningMercator.onKafka("replay"));
    }

    private void rebuildsIdenticalState(Map<String, String> settings) throws Exception {
        List<String> keys = new ArrayList<>();
        Map<String, io.mercator.catalog.Listing> catalogBefore = new java.util.HashMap<>();
        List<Map<String, String>> before;
        List<String> trendingBefore;
        int liveBefore;
        Path data = dataDir.resolve(settings.isEmpty() ? "embedded" : "kafka");
        try (RunningMercator first = RunningMercator.start(data, true, settings).awaitReady()) {
            TestService.awaitQuiet(first.mercator, Duration.ofSeconds(120));
            // every listing, held and removed ones too, with its text check and moderation state
            first.records().stream().filter(r -> r.event().type() == io.mercator.events.EventType.LISTING_PUBLISHED)
                    .forEach(r -> catalogBefore.put(r.event().key(), first.mercator.catalog().listing(r.event().key()).orElseThrow()));
            first.mercator.catalog().forEachLive(l -> {
                if (keys.size() < 300) {
                    keys.add("listing:" + l.id());
                }
            });
            liveBefore = first.mercator.catalog().liveListingCount();
            before = first.mercator.store().readHashes(keys).toCompletionStage().toCompletableFuture().get();
            trendingBefore = first.mercator.store().readList("popular:global", 500).toCompletionStage().toCompletableFuture().get();
        }
        assertThat(keys).isNotEmpty();
        assertThat(catalogBefore.values()).as("screening analysed the listings")
                .anyMatch(l -> l.textCheck() == io.mercator.catalog.TextCheck.CHECKED);
        assertThat(before).allSatisfy(h -> assertThat(h).isNotEmpty());
        assertThat(trendingBefore).isNotEmpty();

        try (RunningMercator second = RunningMercator.start(data, true, settings).awaitReady()) {
            TestService.awaitQuiet(second.mercator, Duration.ofSeconds(120));
            assertThat(second.mercator.catalog().liveListingCount()).isEqualTo(liveBefore);
            catalogBefore.forEach((id, l) -> assertThat(second.mercator.catalog().listing(id)).as(id).contains(l));
            assertThat(second.mercator.store().readHashes(keys).toCompletionStage().toCompletableFuture().get())
                    .isEqualTo(before);
            assertThat(second.mercator.store().readList("popular:global", 500).toCompletionStage().toCompletableFuture().get())
                    .isEqualTo(trendingBefore);
        }
    }
}
