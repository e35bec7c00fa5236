package io.mercator.service.faults;

import io.mercator.recall.elasticsearch.ElasticsearchNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Elasticsearch stopped while /search is under load: recall goes on with vectors only. */
class ElasticsearchOutageUnderLoadTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldSearchWithVectorRecallOnlyWhileElasticsearchIsDown() throws Exception {
        ElasticsearchNode es = ElasticsearchNode.shared();
        try (TestService app = TestService.startReady(dataDir, Map.of("MERCATOR_KEYWORD_RECALL_BACKEND", "elasticsearch",
                "MERCATOR_KEYWORD_RECALL_ELASTICSEARCH_HOSTS", es.url(),
                "MERCATOR_KEYWORD_RECALL_ELASTICSEARCH_INDEX", "faults-" + System.nanoTime(),
                "MERCATOR_KEYWORD_RECALL_ELASTICSEARCH_TIMEOUT_MS", "1000"));
             FeedLoad load = new FeedLoad(app.port(), 4, SearchLoad::path)) {

            TestService.eventually(Duration.ofSeconds(30), () -> load.since(0).stream()
                    .filter(a -> a.status() == 200 && !a.degraded().contains("keyword-recall") && a.items() > 0)
                    .count() >= 10);

            es.stop();
            int down = load.mark();
            TestService.eventually(Duration.ofSeconds(40), () -> load.since(down).stream()
                    .filter(a -> a.degraded().contains("keyword-recall")).count() >= 20);
            List<FeedLoad.Answer> degraded = load.since(down).stream()
                    .filter(a -> a.degraded().contains("keyword-recall")).toList();
            assertThat(degraded).allSatisfy(a -> {
                assertThat(a.status()).isEqualTo(200);
                assertThat(a.degraded()).doesNotContain("vector-recall");
            });
            assertThat(degraded).anySatisfy(a -> assertThat(a.items()).isPositive());

            load.close();
            assertThat(load.since(0)).allSatisfy(a -> assertThat(a.status()).as("every /search answer").isEqualTo(200));
        } finally {
            es.start(); // the node is shared by the JVM's test classes
        }
    }
}
