package io.mercator.service.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressBarTest {

    @Test
    void offATerminalItPrintsPlainLinesAndTheEndWithItsNote() {
        StringWriter s = new StringWriter();
        ProgressBar bar = ProgressBar.start(new PrintWriter(s), "work", 100, false, 10);
        for (int i = 1; i <= 100; i++) {
            bar.update(i);
        }
        bar.finish("42 rounds");
        String out = s.toString();

        assertThat(out).doesNotContain("\r");
        String[] lines = out.split(System.lineSeparator());
        assertThat(lines[lines.length - 1]).startsWith("work 100%").contains("100/100").contains("42 rounds");
    }
}
