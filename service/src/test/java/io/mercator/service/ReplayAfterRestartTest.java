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
        List<String> keys = new ArrayList<>();
        List<Map<String, String>> before;
        List<String> trendingBefore;
        int liveBefore;
        try (RunningMercator first = RunningMercator.start(dataDir, true).awaitReady()) {
            TestService.awaitQuiet(first.mercator, Duration.ofSeconds(120));
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
        assertThat(before).allSatisfy(h -> assertThat(h).isNotEmpty());
        assertThat(trendingBefore).isNotEmpty();

        try (RunningMercator second = RunningMercator.start(dataDir, true).awaitReady()) {
            assertThat(second.mercator.catalog().liveListingCount()).isEqualTo(liveBefore);
            assertThat(second.mercator.store().readHashes(keys).toCompletionStage().toCompletableFuture().get())
                    .isEqualTo(before);
            assertThat(second.mercator.store().readList("popular:global", 500).toCompletionStage().toCompletableFuture().get())
                    .isEqualTo(trendingBefore);
        }
    }
}
