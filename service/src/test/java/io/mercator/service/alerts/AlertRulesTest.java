package io.mercator.service.alerts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitoring files checked by the tools that ship with Prometheus 2.42 and Alertmanager 0.25:
 * the rules parse ({@code promtool check rules}), every rule fires just above its threshold and not
 * below it ({@code promtool test rules} on {@code infra/prometheus/tests}), and the routing parses
 * ({@code amtool check-config}). The rule tests can fail: a rule whose threshold moves fails them.
 */
class AlertRulesTest {

    static final Path INFRA = repoRoot().resolve("infra");
    static final Path RULES = INFRA.resolve("prometheus/rules/mercator-alerts.yml");
    static final Path RULE_TESTS = INFRA.resolve("prometheus/tests/mercator-alerts.test.yml");

    @TempDir
    Path tmp;

    @Test
    void shouldParseTheRules() throws Exception {
        Run r = run(MonitoringProcess.binary("promtool", "prometheus"), "check", "rules", RULES.toString());
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("SUCCESS: 14 rules found");
    }

    @Test
    void shouldFireEveryRuleAboveItsThresholdAndNotBelow() throws Exception {
        Run r = run(MonitoringProcess.binary("promtool", "prometheus"), "test", "rules", RULE_TESTS.toString());
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("SUCCESS");
        // every alert of the rules file has a unit test
        String tests = Files.readString(RULE_TESTS);
        for (String line : Files.readAllLines(RULES)) {
            if (line.strip().startsWith("- alert:")) {
                String alert = line.strip().substring("- alert:".length()).strip();
                assertThat(tests).as("a unit test of " + alert).contains("alertname: " + alert);
            }
        }
    }

    @Test
    void shouldFailTheRuleTestsWhenAThresholdMoves() throws Exception {
        Path rules = tmp.resolve("rules/mercator-alerts.yml");
        Path tests = tmp.resolve("tests/mercator-alerts.test.yml");
        Files.createDirectories(rules.getParent());
        Files.createDirectories(tests.getParent());
        String original = Files.readString(RULES);
        assertThat(original).contains("> 0.10\n");
        Files.writeString(rules, original.replace("> 0.10\n", "> 0.20\n"));
        Files.copy(RULE_TESTS, tests);
        Run r = run(MonitoringProcess.binary("promtool", "prometheus"), "test", "rules", tests.toString());
        assertThat(r.exit).as(r.output).isNotZero();
        assertThat(r.output).contains("MercatorComponentFallbackRateHigh");
    }

    @Test
    void shouldParseTheAlertmanagerRouting() throws Exception {
        Run r = run(MonitoringProcess.binary("amtool", "prometheus-alertmanager"), "check-config",
                INFRA.resolve("alertmanager/alertmanager.yml").toString());
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("SUCCESS").contains("2 receivers");
    }

    @Test
    void shouldScaleTheRulesWindowsAndDurationsForTheEndToEndTest() {
        String faster = MonitoringConfigs.fasterRules("expr: rate(x[5m]) > 0 and rate(y[1h] offset 1d) > 0\n    for: 10m\n");
        assertThat(faster).isEqualTo("expr: rate(x[20s]) > 0 and rate(y[240s] offset 1d) > 0\n    for: 40s\n");
    }

    record Run(int exit, String output) {
    }

    static Run run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("infra/prometheus"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no infra/prometheus above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
