package io.mercator.recall.elasticsearch;

import io.mercator.recall.ListingDocument;
import io.mercator.recall.RecallHit;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.mercator.recall.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The node goes away and comes back while one {@link ElasticsearchKeywordRecall} stays open: calls
 * fail (not hang) while it is down, and succeed again once it is back, without a new client.
 */
class ElasticsearchOutageTest {

    @Test
    void searchFailsBoundedWhileTheNodeIsDownAndRecoversAfterRestart() throws Exception {
        ElasticsearchNode node = ElasticsearchNode.shared();
        ElasticsearchKeywordRecall.Options options = ElasticsearchKeywordRecall.Options.local(node.url(), "listings-outage")
                .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(2));
        try (ElasticsearchKeywordRecall recall = result(ElasticsearchKeywordRecall.open(options))) {
            result(recall.upsert(List.of(new ListingDocument("L-1", "Vespa scooter", "", "motorbikes", "S-1", 13.7, 100.5, 30000))));
            result(recall.refresh());

            node.stop();
            try {
                // the future must fail on its own; the 10 s here only guards the test against a hang
                assertThatThrownBy(() -> recall.search("vespa", 10).toCompletionStage().toCompletableFuture()
                        .get(10, TimeUnit.SECONDS))
                        .isInstanceOf(java.util.concurrent.ExecutionException.class);
                assertThatThrownBy(() -> recall.refresh().toCompletionStage().toCompletableFuture()
                        .get(10, TimeUnit.SECONDS))
                        .isInstanceOf(java.util.concurrent.ExecutionException.class);
            } finally {
                node.start();
            }

            assertThat(result(recall.search("vespa", 10))).extracting(RecallHit::listingId).containsExactly("L-1");
        }
    }
}
