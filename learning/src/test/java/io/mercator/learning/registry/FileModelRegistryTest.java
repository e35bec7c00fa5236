package io.mercator.learning.registry;

import io.mercator.learning.ModelStore;
import io.mercator.learning.TrainedModels;
import io.mercator.learning.TrainingSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static io.mercator.learning.registry.TestModels.DAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileModelRegistryTest {

    private static TrainingSet set;
    /** Three distinct versions: the version names the end of the training data. */
    private static TrainedModels a;
    private static TrainedModels b;
    private static TrainedModels c;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void train() {
        set = TestModels.twoDays(1);
        a = TestModels.trained(set, DAY);
        b = TestModels.trained(set, DAY + 3_600_000L);
        c = TestModels.trained(set, DAY + 7_200_000L);
    }

    @AfterAll
    static void free() {
        a.close();
        b.close();
        c.close();
    }

    private FileModelRegistry registry() {
        return new FileModelRegistry(dataDir, Clock.fixed(Instant.parse("2026-01-02T12:00:00Z"), ZoneOffset.UTC));
    }

    private static ModelCard card(TrainedModels m) {
        return ModelCard.of(m.metadata(), 1L, "hash-" + m.models().version(), null, null);
    }

    @Test
    void shouldKeepCardsStagesAndArtifactsOfRegisteredVersions() {
        FileModelRegistry r = registry();

        r.register(a, card(a), Stage.PRODUCTION, "test", "first model");

        RegisteredModel prod = r.production().orElseThrow();
        assertThat(prod.version()).isEqualTo(a.models().version());
        assertThat(prod.stage()).isEqualTo(Stage.PRODUCTION);
        assertThat(prod.card().dataHash()).isEqualTo("hash-" + a.models().version());
        assertThat(prod.card().featureNames()).containsExactly("relevance", "noise");
        assertThat(prod.card().codeVersion()).isNotBlank();
        assertThat(prod.card().pctr().trainRows()).isPositive();
        assertThat(Files.isDirectory(dataDir.resolve("models").resolve(a.models().version())))
                .as("artifacts in the ModelStore layout").isTrue();
        try (TrainedModels loaded = r.load(a.models().version())) {
            assertThat(loaded.models().pctrModelText()).isEqualTo(a.models().pctrModelText());
        }
    }

    @Test
    void shouldArchiveThePreviousProductionWhenPromotingAndRecordWhyAndWhen() {
        FileModelRegistry r = registry();
        r.register(a, card(a), Stage.PRODUCTION, "test", "first model");
        r.register(b, card(b), Stage.STAGING, "test", "beat production");

        r.promote(b.models().version(), "admin-api", "canary CTR held up");

        assertThat(r.production().orElseThrow().version()).isEqualTo(b.models().version());
        assertThat(r.find(a.models().version()).orElseThrow().stage()).isEqualTo(Stage.ARCHIVED);
        assertThat(r.staging()).isEmpty();
        assertThat(r.list()).filteredOn(m -> m.stage() == Stage.PRODUCTION).hasSize(1);
        StageTransition last = r.history().get(r.history().size() - 1);
        assertThat(last.action()).isEqualTo(StageTransition.Action.PROMOTE);
        assertThat(last.actor()).isEqualTo("admin-api");
        assertThat(last.reason()).isEqualTo("canary CTR held up");
        assertThat(last.atMillis()).isEqualTo(Instant.parse("2026-01-02T12:00:00Z").toEpochMilli());
        assertThat(last.changes()).containsExactly(
                new StageChange(a.models().version(), Stage.PRODUCTION, Stage.ARCHIVED),
                new StageChange(b.models().version(), Stage.STAGING, Stage.PRODUCTION));
    }

    @Test
    void shouldRollBackThroughEarlierProductionsInOrder() {
        FileModelRegistry r = registry();
        r.register(a, card(a), Stage.PRODUCTION, "test", "first");
        r.register(b, card(b), Stage.STAGING, "test", "better");
        r.promote(b.models().version(), "test", "go");
        r.register(c, card(c), Stage.STAGING, "test", "better still");
        r.promote(c.models().version(), "test", "go");

        assertThat(r.rollback("cli", "bad numbers").version()).isEqualTo(b.models().version());
        assertThat(r.rollback("cli", "still bad").version()).isEqualTo(a.models().version());

        assertThat(r.find(c.models().version()).orElseThrow().stage()).isEqualTo(Stage.ARCHIVED);
        assertThat(r.find(b.models().version()).orElseThrow().stage()).isEqualTo(Stage.ARCHIVED);
        assertThatThrownBy(() -> r.rollback("cli", "again")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no earlier production");
    }

    @Test
    void shouldOnlyPromoteTheStagingVersion() {
        FileModelRegistry r = registry();
        r.register(a, card(a), Stage.PRODUCTION, "test", "first");
        r.register(b, card(b), Stage.ARCHIVED, "test", "lost at the gate");

        assertThatThrownBy(() -> r.promote(b.models().version(), "test", "try"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("only the staging model");
        assertThatThrownBy(() -> r.register(b, card(b), Stage.STAGING, "test", "again"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already registered");
    }

    @Test
    void shouldReplaceAnOlderCanaryAndAbortOne() {
        FileModelRegistry r = registry();
        r.register(a, card(a), Stage.PRODUCTION, "test", "first");
        r.register(b, card(b), Stage.STAGING, "test", "better");
        r.register(c, card(c), Stage.STAGING, "test", "newer");

        assertThat(r.staging().orElseThrow().version()).isEqualTo(c.models().version());
        assertThat(r.find(b.models().version()).orElseThrow().stage()).isEqualTo(Stage.ARCHIVED);

        r.abortCanary(c.models().version(), "canary-monitor", "CTR significantly worse");
        assertThat(r.staging()).isEmpty();
        assertThat(r.production().orElseThrow().version()).isEqualTo(a.models().version());
    }

    @Test
    void shouldSurviveReopeningAndATornLastHistoryLine() throws Exception {
        FileModelRegistry r = registry();
        r.register(a, card(a), Stage.PRODUCTION, "test", "first");
        r.register(b, card(b), Stage.STAGING, "test", "better");
        Path history = dataDir.resolve("registry").resolve("history.jsonl");
        // a crash in the middle of an append
        Files.writeString(history, "{\"atMillis\":1,\"action\":\"PRO", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        FileModelRegistry reopened = registry();
        assertThat(reopened.production().orElseThrow().version()).isEqualTo(a.models().version());
        assertThat(reopened.staging().orElseThrow().version()).isEqualTo(b.models().version());

        reopened.promote(b.models().version(), "test", "after the crash");
        assertThat(registry().production().orElseThrow().version()).isEqualTo(b.models().version());
        assertThat(registry().history()).hasSize(3);
    }

    @Test
    void shouldAdoptAVersionSavedBeforeTheRegistryExisted() {
        new ModelStore(dataDir).save(a);
        FileModelRegistry r = registry();

        assertThat(r.adoptLatestIfEmpty("boot")).map(RegisteredModel::version).contains(a.models().version());

        assertThat(r.production().orElseThrow().card().dataHash()).isEqualTo("unknown");
        assertThat(r.history()).extracting(StageTransition::action).containsExactly(StageTransition.Action.ADOPT);
        assertThat(r.adoptLatestIfEmpty("boot")).as("only into an empty registry").isEmpty();
    }

    @Test
    void shouldIgnoreAnInterruptedRegistration() {
        // artifacts saved, then the process died before the history line
        new ModelStore(dataDir).save(a);
        FileModelRegistry r = new FileModelRegistry(dataDir);
        r.register(b, card(b), Stage.PRODUCTION, "test", "first");

        assertThat(r.list()).extracting(RegisteredModel::version).containsExactly(b.models().version());
        assertThat(List.of(a.models().version(), b.models().version())).doesNotHaveDuplicates();
    }
}
