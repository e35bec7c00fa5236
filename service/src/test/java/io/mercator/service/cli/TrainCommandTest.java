package io.mercator.service.cli;

import io.mercator.events.log.kafka.KafkaBroker;
import io.mercator.learning.registry.FileModelRegistry;
import io.mercator.learning.registry.RegisteredModel;
import io.mercator.learning.registry.Stage;
import io.mercator.service.DataDirLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TrainCommandTest {

    @TempDir
    Path dataDir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new MercatorCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void trainsCalibratedModelsFromTheLogAndRegistersThemThroughTheGate() throws Exception {
        Run sim = run("simulate", "--users", "600", "--days", "4", "--seed", "7", "--end", "1767225600000",
                "--data-dir", dataDir.toString());
        assertThat(sim.code()).as(sim.err()).isZero();

        Run first = run("train", "--data-dir", dataDir.toString(), "--days", "3");
        assertThat(first.code()).as(first.err()).isZero();
        FileModelRegistry registry = new FileModelRegistry(dataDir);
        RegisteredModel production = registry.production().orElseThrow();
        assertThat(first.out()).contains("model " + production.card().version() + " registered as production")
                .contains("pCTR:").contains("isotonic calibration").contains("ECE 15 equal-mass bins");
        assertThat(production.card().parameters().windowDays()).isEqualTo(3);
        assertThat(production.card().evaluation()).as("the gate's figures on its card").isNotNull();
        try (var loaded = registry.load(production.card().version())) {
            assertThat(loaded.metadata().calibration().pctr().eceRaw()).isNotNaN();
        }
        // not a terminal here: progress comes as plain lines, no carriage returns
        assertThat(first.err()).contains("replaying the log 100%").contains("boosting pctr 100%").doesNotContain("\r");

        // a second run is a candidate judged against production, as the service's retraining is
        Run second = run("train", "--data-dir", dataDir.toString(), "--days", "2");
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(registry.list()).hasSize(2);
        RegisteredModel candidate = registry.list().stream()
                .filter(m -> !m.card().version().equals(production.card().version())).findFirst().orElseThrow();
        assertThat(candidate.stage()).isIn(Stage.STAGING, Stage.ARCHIVED);
        assertThat(second.out()).contains("model " + candidate.card().version() + " registered as "
                + candidate.stage().wireName());
        assertThat(registry.production().orElseThrow().card().version()).isEqualTo(production.card().version());
    }

    @Test
    void readsTheConfiguredLogWhenItIsKafka() throws Exception {
        KafkaBroker kafka = KafkaBroker.shared();
        Path config = dataDir.resolve("kafka.yaml");
        Files.writeString(config, "log:\n  backend: kafka\n  kafka:\n    bootstrapServers: " + kafka.bootstrapServers()
                + "\n    topicPrefix: train-" + UUID.randomUUID().toString().substring(0, 8)
                + "\n    partitions: 2\n    replicationFactor: 1\n");
        Path data = dataDir.resolve("data");

        Run sim = run("simulate", "--config", config.toString(), "--users", "300", "--days", "3", "--seed", "7",
                "--end", "1767225600000", "--data-dir", data.toString());
        assertThat(sim.code()).as(sim.err()).isZero();
        Run train = run("train", "--config", config.toString(), "--data-dir", data.toString(), "--days", "3");

        assertThat(train.code()).as(train.err()).isZero();
        assertThat(train.out()).contains("registered as production");
        assertThat(new FileModelRegistry(data).production()).isPresent();
        assertThat(data.resolve("log")).as("no embedded log: the events are in Kafka").doesNotExist();
    }

    @Test
    void refusesToRunWhileTheDataDirectoryIsHeld() throws Exception {
        run("simulate", "--users", "50", "--days", "1", "--end", "1767225600000", "--data-dir", dataDir.toString());
        try (DataDirLock held = DataDirLock.acquire(dataDir)) {
            Run train = run("train", "--data-dir", dataDir.toString());
            assertThat(train.code()).isEqualTo(3);
            assertThat(train.err()).contains("is in use").contains("Stop it first");
        }
        assertThat(Files.exists(dataDir.resolve("models"))).isFalse();
    }

    @Test
    void saysSoWhenThereIsNoLog() {
        Run train = run("train", "--data-dir", dataDir.resolve("empty").toString());
        assertThat(train.code()).isEqualTo(2);
        assertThat(train.err()).contains("no event log");
        assertThat(dataDir.resolve("empty")).doesNotExist(); // nothing created on the way
    }
}
