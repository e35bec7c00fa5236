package io.mercator.service.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LtrBenchmarkCommandTest {

    private static Path rankTrain() {
        Path file = Path.of(System.getProperty("mercator.shared.dir", "../../shared"), "data", "ltr", "rank.train");
        assumeTrue(Files.exists(file), "shared LTR data missing: " + file);
        return file;
    }

    @Test
    void crossValidatesAndPrintsNdcgAtEachCutOff() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new MercatorCli());
        cli.setOut(new PrintWriter(out, true));
        int code = cli.execute("ltr-benchmark", "--train", rankTrain().toString(), "--cv", "3", "--rounds", "30");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("3,005 documents, 201 queries").contains("fold 3:")
                .containsPattern("mean of 3 folds .*NDCG@1 0\\.\\d{4}  NDCG@3 0\\.\\d{4}  NDCG@5 0\\.\\d{4}  NDCG@10 0\\.\\d{4}");
    }

    @Test
    void trainsOnOneFileAndScoresAnother() {
        Path train = rankTrain();
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new MercatorCli());
        cli.setOut(new PrintWriter(out, true));
        // the same file as test: a sanity check of the path, not a benchmark figure
        int code = cli.execute("ltr-benchmark", "--train", train.toString(), "--test", train.toString(),
                "--rounds", "20");
        assertThat(code).isZero();
        assertThat(out.toString()).containsPattern("NDCG on the test file NDCG@1 0\\.\\d{4}");
    }

    @Test
    void needsExactlyOneOfTestAndCv() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new MercatorCli());
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("ltr-benchmark", "--train", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("either --test FILE or --cv K");
    }
}
