package io.mercator.service.faults;

import io.mercator.recall.milvus.MilvusProtocolDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vector store stopped while /search is under load: recall goes on with keywords only. The
 * vector store is the Milvus protocol double (a real gRPC server speaking Milvus's protocol to the
 * real SDK): what is tested is our client and wiring when the server goes away, not Milvus.
 */
class MilvusOutageUnderLoadTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldSearchWithKeywordRecallOnlyWhileTheVectorStoreIsDown() throws Exception {
        try (MilvusProtocolDouble milvus = new MilvusProtocolDouble().start();
             TestService app = TestService.startReady(dataDir, Map.of("MERCATOR_VECTOR_RECALL_BACKEND", "milvus",
                     "MERCATOR_VECTOR_RECALL_MILVUS_URI", milvus.uri(),
                     "MERCATOR_VECTOR_RECALL_MILVUS_TIMEOUT_MS", "1000"));
             FeedLoad load = new FeedLoad(app.port(), 4, SearchLoad::path)) {

            TestService.eventually(Duration.ofSeconds(30), () -> load.since(0).stream()
                    .filter(a -> a.status() == 200 && !a.degraded().contains("vector-recall") && a.items() > 0)
                    .count() >= 10);
            assertThat(milvus.calls()).contains("Search");

            milvus.stop();
            int down = load.mark();
            TestService.eventually(Duration.ofSeconds(40), () -> load.since(down).stream()
                    .filter(a -> a.degraded().contains("vector-recall")).count() >= 20);
            List<FeedLoad.Answer> degraded = load.since(down).stream()
                    .filter(a -> a.degraded().contains("vector-recall")).toList();
            assertThat(degraded).allSatisfy(a -> {
                assertThat(a.status()).isEqualTo(200);
                assertThat(a.degraded()).doesNotContain("keyword-recall");
            });
            assertThat(degraded).anySatisfy(a -> assertThat(a.items()).isPositive());

            load.close();
            assertThat(load.since(0)).allSatisfy(a -> assertThat(a.status()).as("every /search answer").isEqualTo(200));
        }
    }
}
