package io.mercator.service.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository's monitoring files made fit for a test that must finish in minutes: the same
 * alert rules, expressions and routing, with every time scaled down ({@link #fasterRules}: rate
 * windows and {@code for} durations divided by {@link #SPEED_UP}), Alertmanager's grouping waits
 * shortened, and the receivers' secret files and PagerDuty's API URL pointed at a local recorder.
 * Production keeps the files as they are: scrape and rule evaluation every 15 s, 5-minute windows,
 * {@code group_wait} 30 s and {@code group_interval} 5 min.
 */
final class MonitoringConfigs {

    /** Test time runs this many times faster than production's: a 5-minute window lasts 20 s. */
    static final int SPEED_UP = 15;
    private static final Pattern RANGE = Pattern.compile("\\[(\\d+)([smhd])\\]");
    private static final Pattern FOR = Pattern.compile("(?m)^([ \\t]*for:[ \\t]*)(\\d+)([smhd])[ \\t]*$");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String SECRETS = "/etc/alertmanager/secrets/";

    private MonitoringConfigs() {
    }

    /** The repository's rules with every range window and {@code for} duration {@link #SPEED_UP} times shorter. */
    static String fasterRules(String rules) {
        Matcher range = RANGE.matcher(rules);
        StringBuilder out = new StringBuilder();
        while (range.find()) {
            range.appendReplacement(out, "[" + scaled(range.group(1), range.group(2)) + "]");
        }
        range.appendTail(out);
        Matcher forLine = FOR.matcher(out.toString());
        StringBuilder out2 = new StringBuilder();
        while (forLine.find()) {
            forLine.appendReplacement(out2, Matcher.quoteReplacement(forLine.group(1) + scaled(forLine.group(2), forLine.group(3))));
        }
        forLine.appendTail(out2);
        return out2.toString();
    }

    private static String scaled(String amount, String unit) {
        long seconds = Long.parseLong(amount) * switch (unit) {
            case "s" -> 1;
            case "m" -> 60;
            case "h" -> 3_600;
            default -> 86_400;
        };
        return Math.max(1, seconds / SPEED_UP) + "s";
    }

    /**
     * The repository's Alertmanager configuration with the same routes and receivers, grouping
     * waits of a second or two, the receivers' secret files read from {@code secrets} (which must
     * hold the files the configuration names), and PagerDuty's events posted to {@code pagerDutyUrl}.
     */
    static String alertmanager(Path repoConfig, Path secrets, String pagerDutyUrl) {
        try {
            ObjectNode am = (ObjectNode) YAML.readTree(Files.readString(repoConfig));
            ObjectNode route = (ObjectNode) am.path("route");
            route.put("group_wait", "1s").put("group_interval", "2s").put("repeat_interval", "1h");
            for (JsonNode receiver : am.path("receivers")) {
                for (JsonNode slack : receiver.path("slack_configs")) {
                    repoint((ObjectNode) slack, "api_url_file", secrets);
                }
                for (JsonNode pd : receiver.path("pagerduty_configs")) {
                    repoint((ObjectNode) pd, "routing_key_file", secrets);
                    ((ObjectNode) pd).put("url", pagerDutyUrl);
                }
            }
            return YAML.writeValueAsString(am);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void repoint(ObjectNode config, String field, Path secrets) {
        String path = config.path(field).asText();
        if (!path.startsWith(SECRETS)) {
            throw new IllegalStateException(field + " is not read from " + SECRETS + ": " + path);
        }
        config.put(field, secrets.resolve(path.substring(SECRETS.length())).toString());
    }

    /** Scrapes Mercator and evaluates the rules every second, and sends alerts to the Alertmanager. */
    static String prometheus(Path rules, int mercatorPort, int alertmanagerPort) {
        return String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  evaluation_interval: 1s",
                "rule_files:",
                "  - " + rules,
                "alerting:",
                "  alertmanagers:",
                "    - static_configs:",
                "        - targets: ['127.0.0.1:" + alertmanagerPort + "']",
                "scrape_configs:",
                "  - job_name: mercator",
                "    metrics_path: /metrics",
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + mercatorPort + "']",
                "");
    }
}
