package io.mercator.service;

import io.mercator.service.config.ConfigLoader;
import io.mercator.service.config.MercatorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every ranking knob is in the defaults file and the production example, and a bad one stops start-up. */
class RankingSettingsTest {

    @TempDir
    Path dir;

    private Map<String, String> env(Path dataDir) {
        return Map.of("MERCATOR_HTTP_HOST", "127.0.0.1", "MERCATOR_HTTP_PORT", "0",
                "MERCATOR_DATA_DIR", dataDir.toString(), "MERCATOR_RETRAINING_ENABLED", "false");
    }

    private Mercator start(Path file, Path dataDir) throws Exception {
        return Mercator.start(ConfigLoader.load(file, env(dataDir))).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
    }

    /** Knob values as the tests compare them: numbers as doubles, lists as lists of doubles. */
    private static Map<String, Map<String, Object>> normalised(Map<String, Map<String, Object>> knobs) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        knobs.forEach((id, values) -> {
            Map<String, Object> v = new TreeMap<>();
            values.forEach((k, x) -> v.put(k, x instanceof Number n ? (Object) n.doubleValue()
                    : x instanceof List<?> l ? l.stream().map(i -> ((Number) i).doubleValue()).toList() : x));
            out.put(id, v);
        });
        return out;
    }

    @Test
    void theDefaultsFileAndTheProductionExampleShowEveryKnobWithItsDefault() throws Exception {
        Map<String, Map<String, Object>> read;
        try (Mercator m = start(null, dir.resolve("data"))) {
            read = m.ranker().knobDefaults();
        }
        assertThat(read).hasSizeGreaterThan(20);

        assertThat(normalised(ConfigLoader.defaults().ranking().components())).isEqualTo(normalised(read));
        MercatorConfig production = ConfigLoader.load(
                Path.of("").toAbsolutePath().getParent().resolve("config/production.yaml"), Map.of());
        assertThat(normalised(production.ranking().components())).isEqualTo(normalised(read));
    }

    @Test
    void anUnknownComponentIdInTheFileStopsStartUpNamingTheKey() throws Exception {
        Path file = dir.resolve("typo.yaml");
        Files.writeString(file, "ranking:\n  components:\n    keyword-recal: {budgetMs: 40}\n");

        assertThatThrownBy(() -> start(file, dir.resolve("data")))
                .isInstanceOf(ExecutionException.class)
                .cause().hasMessageContaining("ranking.components.keyword-recal");
        try (DataDirLock released = DataDirLock.acquire(dir.resolve("data"))) {
            assertThat(released).as("a failed start lets go of the data directory").isNotNull();
        }
    }

    @Test
    void anOutOfRangeKnobFromTheEnvironmentStopsStartUpNamingTheKey() {
        Map<String, String> env = new java.util.HashMap<>(env(dir.resolve("data")));
        env.put("MERCATOR_RANKING_COMPONENTS_FRAUD_SCREEN_DROP_AT", "7");

        assertThatThrownBy(() -> Mercator.start(ConfigLoader.load(null, env)).toCompletionStage()
                .toCompletableFuture().get(60, TimeUnit.SECONDS))
                .cause().hasMessageContaining("ranking.components.fraud-screen.dropAt").hasMessageContaining("7");
    }
}
