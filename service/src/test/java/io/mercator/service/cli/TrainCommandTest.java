package io.mercator.service.cli;

import io.mercator.learning.ModelStore;
import io.mercator.service.DataDirLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

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
    void trainsCalibratedModelsFromTheLogAndSavesThem() throws Exception {
        Run sim = run("simulate", "--users", "600", "--days", "4", "--seed", "7", "--end", "1767225600000",
                "--data-dir", dataDir.toString());
        assertThat(sim.code()).as(sim.err()).isZero();

        Run train = run("train", "--data-dir", dataDir.toString(), "--days", "3");
        assertThat(train.code()).as(train.err()).isZero();
        ModelStore store = new ModelStore(dataDir);
        assertThat(store.latest()).isPresent();
        String version = store.latest().get();
        assertThat(train.out()).contains("model " + version + " saved to")
                .contains("pCTR:").contains("isotonic calibration").contains("ECE 15 equal-mass bins");
        assertThat(store.directory(version).resolve(ModelStore.CALIBRATION_FILE)).isRegularFile();
        try (var loaded = store.load(version)) {
            assertThat(loaded.metadata().parameters().windowDays()).isEqualTo(3);
            assertThat(loaded.metadata().calibration().pctr().eceRaw()).isNotNaN();
        }
        // not a terminal here: progress comes as plain lines, no carriage returns
        assertThat(train.err()).contains("replaying the log: 100%").contains("boosting pctr: done")
                .doesNotContain("\r");
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
