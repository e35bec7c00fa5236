package io.mercator.service.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void shouldDefaultToTheEmbeddedBackends() {
        MercatorConfig c = ConfigLoader.defaults();
        assertThat(c.log().backend()).isEqualTo(MercatorConfig.LogBackend.EMBEDDED);
        assertThat(c.store().backend()).isEqualTo(MercatorConfig.StoreBackend.IN_PROCESS);
        assertThat(c.keywordRecall().backend()).isEqualTo(MercatorConfig.KeywordBackend.LUCENE);
        assertThat(c.vectorRecall().backend()).isEqualTo(MercatorConfig.VectorBackend.LUCENE);
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.demo().enabled()).isFalse();
    }

    @Test
    void shouldReadTheProductionExample() {
        MercatorConfig c = ConfigLoader.load(productionYaml(), Map.of());
        assertThat(c.log().backend()).isEqualTo(MercatorConfig.LogBackend.KAFKA);
        assertThat(c.log().kafka().bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(c.store().backend()).isEqualTo(MercatorConfig.StoreBackend.REDIS);
        assertThat(c.keywordRecall().elasticsearch().hosts()).containsExactly("http://elasticsearch:9200");
        assertThat(c.vectorRecall().backend()).isEqualTo(MercatorConfig.VectorBackend.MILVUS);
    }

    @Test
    void shouldLetEnvironmentVariablesOverrideTheFile() {
        MercatorConfig c = ConfigLoader.load(productionYaml(), Map.of(
                "MERCATOR_STORE_REDIS_URL", "redis://cache.internal:6380",
                "MERCATOR_STORE_REDIS_PASSWORD", "s3cret",
                "MERCATOR_HTTP_PORT", "9090",
                "MERCATOR_KEYWORD_RECALL_ELASTICSEARCH_HOSTS", "http://es1:9200, http://es2:9200",
                "MERCATOR_RANKING_COMPONENTS_SCORER_PCVR_WEIGHT", "3.5",
                "MERCATOR_LOG_BACKEND", "embedded"));
        assertThat(c.store().redis().url()).isEqualTo("redis://cache.internal:6380");
        assertThat(c.store().redis().password()).isEqualTo("s3cret");
        assertThat(c.http().port()).isEqualTo(9090);
        assertThat(c.keywordRecall().elasticsearch().hosts()).containsExactly("http://es1:9200", "http://es2:9200");
        assertThat(c.ranking().components().get("scorer")).containsEntry("pcvrWeight", "3.5");
        assertThat(c.log().backend()).isEqualTo(MercatorConfig.LogBackend.EMBEDDED);
    }

    @Test
    void shouldNeverPrintSecrets() {
        MercatorConfig c = ConfigLoader.load(productionYaml(), Map.of("MERCATOR_STORE_REDIS_PASSWORD", "s3cret",
                "MERCATOR_VECTOR_RECALL_MILVUS_TOKEN", "tok-123", "MERCATOR_LOG_KAFKA_SASL_JAAS_CONFIG", "jaas-xyz",
                "MERCATOR_KEYWORD_RECALL_ELASTICSEARCH_PASSWORD", "espw"));
        assertThat(c.toString()).doesNotContain("s3cret", "tok-123", "jaas-xyz", "espw").contains("<set>");
    }

    @Test
    void shouldRejectATypoInTheFile() throws Exception {
        Path f = dir.resolve("typo.yaml");
        Files.writeString(f, "store:\n  backend: redis\n  redis:\n    ulr: redis://x:1\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown setting 'store.redis.ulr'");
    }

    @Test
    void shouldRejectAnUnknownBackendAndBadValuesWithTheSettingName() throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "store:\n  backend: memcached\n");
        assertThatThrownBy(() -> ConfigLoader.load(f, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("store.backend");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("MERCATOR_HTTP_PORT", "eighty")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http.port");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("MERCATOR_STORE_BACKEND", "redis",
                "MERCATOR_STORE_REDIS_URL", "http://nope", "MERCATOR_RANKING_PIPELINE_BUDGET_MS", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("store.redis.url").hasMessageContaining("ranking.pipelineBudgetMs");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("MERCATOR_VISION_WORKER_NICENESS", "20")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("vision.workerNiceness");
        assertThat(ConfigLoader.load(null, Map.of("MERCATOR_VISION_WORKER_NICENESS", "0")).vision().workerNiceness()).isZero();
    }

    @Test
    void shouldNameEnvironmentVariablesAfterThePath() {
        assertThat(ConfigLoader.envName(List.of("keywordRecall", "elasticsearch", "timeoutMs")))
                .isEqualTo("MERCATOR_KEYWORD_RECALL_ELASTICSEARCH_TIMEOUT_MS");
        assertThat(ConfigLoader.envName(List.of("ranking", "components", "keyword-recall", "budgetMs")))
                .isEqualTo("MERCATOR_RANKING_COMPONENTS_KEYWORD_RECALL_BUDGET_MS");
    }

    @Test
    void shouldLayerDefaultsThenFileThenEnvironmentForComponentKnobs() throws Exception {
        Path f = dir.resolve("knobs.yaml");
        Files.writeString(f, "ranking:\n  components:\n    fraud-screen: {dropAt: 0.9}\n"
                + "    sponsored-slots: {slots: [3, 9]}\n");
        MercatorConfig c = ConfigLoader.load(f, Map.of("MERCATOR_RANKING_COMPONENTS_FRAUD_SCREEN_FLAG_AT", "0.6",
                "MERCATOR_RANKING_COMPONENTS_SPONSORED_SLOTS_SLOTS", "2, 8"));
        var knobs = c.ranking().components();
        assertThat(knobs.get("fraud-screen")).containsEntry("dropAt", 0.9).containsEntry("flagAt", "0.6")
                .containsEntry("budgetMs", 2);
        assertThat(knobs.get("sponsored-slots")).containsEntry("slots", List.of("2", "8"));
        assertThat(knobs.get("keyword-recall")).containsEntry("limit", 500);
    }

    static Path productionYaml() {
        // surefire runs in the module's folder; the example sits at the repository root
        return Path.of("").toAbsolutePath().getParent().resolve("config/production.yaml");
    }
}
