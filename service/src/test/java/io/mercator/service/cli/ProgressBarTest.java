package io.mercator.service.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressBarTest {

    @Test
    void onATerminalTheBarIsRedrawnInPlace() {
        StringWriter s = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(s), "work", 4, true);
        bar.update(1);
        bar.update(1); // same figure: not drawn again
        bar.update(4);
        bar.finish("");
        String out = s.toString();
        assertThat(out).startsWith("\rwork [");
        assertThat(out.split("\r", -1)).hasSize(4); // three draws: 25%, 100%, done
        assertThat(out).contains(" 25%  1/4").contains("100%  4/4").endsWith("done" + System.lineSeparator());
    }

    @Test
    void elsewhereItPrintsALineEveryTenth() {
        StringWriter s = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(s), "work", 100, false);
        for (int i = 1; i <= 100; i++) {
            bar.update(i);
        }
        bar.finish("42 rounds");
        String[] lines = s.toString().split(System.lineSeparator());
        assertThat(lines).hasSize(11).doesNotContain("\r");
        assertThat(lines[0]).isEqualTo("work: 10% (10/100)");
        assertThat(lines[10]).isEqualTo("work: done: 42 rounds");
    }
}
