package io.mercator.service.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The checkers themselves: each catches the mistake it exists for, on a deliberately broken input. */
class InfraChecksSelfTest {

    @Test
    void shouldMapSettingPathsToTheDocumentedVariableNames() {
        assertThat(InfraChecks.variableFor("store.redis.url")).isEqualTo("MERCATOR_STORE_REDIS_URL");
        assertThat(InfraChecks.variableFor("keywordRecall.elasticsearch.timeoutMs"))
                .isEqualTo("MERCATOR_KEYWORD_RECALL_ELASTICSEARCH_TIMEOUT_MS");
        assertThat(InfraChecks.settingVariables())
                .containsEntry("MERCATOR_LOG_KAFKA_SASL_JAAS_CONFIG", "log.kafka.saslJaasConfig")
                .containsEntry("MERCATOR_HTTP_PORT", "http.port");
    }

    @Test
    void shouldFlagAMisspeltSettingVariableButNotOtherPrefixes() {
        assertThat(InfraChecks.unknownSettingVariables(List.of("MERCATOR_STORE_REDIS_PASSWD", "MERCATOR_STORE_REDIS_PASSWORD",
                "KAFKA_NODE_ID", "MERCATOR_REDIS_URL")))
                .containsExactly("MERCATOR_STORE_REDIS_PASSWD", "MERCATOR_REDIS_URL");
    }

    @Test
    void shouldInterpolateLikeCompose() {
        Map<String, String> env = Map.of("A", "x", "EMPTY", "");
        assertThat(InfraChecks.interpolate("${A}-${B:-dflt}-${EMPTY:-fill}-$$HOME", env)).isEqualTo("x-dflt-fill-$HOME");
        assertThatThrownBy(() -> InfraChecks.interpolate("${MISSING:?set it}", env)).hasMessageContaining("MISSING");
    }

    @Test
    void shouldFindDanglingComposeReferences(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("present.yml"), "x: 1\n");
        var compose = InfraFiles.yaml("""
                services:
                  a:
                    image: a
                    depends_on: {b: {condition: service_healthy}, ghost: {condition: service_started}}
                    networks: [net, othernet]
                    volumes: [data:/data, undeclared:/u, ./present.yml:/p.yml, ./absent.yml:/a.yml]
                  b:
                    depends_on: [a]
                networks: {net: {}}
                volumes: {data: {}}
                """);
        assertThat(InfraChecks.composeReferenceProblems(compose, dir)).containsExactlyInAnyOrder(
                "a depends on unknown service ghost",
                "a joins undeclared network othernet",
                "a uses undeclared volume undeclared",
                "a mounts missing path ./absent.yml",
                "b has neither image nor build");
    }

    @Test
    void shouldReadMetricNamesOutOfPromQl() {
        assertThat(InfraChecks.metricNames("""
                histogram_quantile(0.99, sum by (le, component) (rate(ranking_component_latency_seconds_bucket{component=~"$component",x="a b"}[$__rate_interval])))
                  / on(component) group_left sum without (cause) (rate(ranking_component_errors_total[5m])) > 1e3 and up{job="m"} == 0
                """)).containsExactlyInAnyOrder("ranking_component_latency_seconds_bucket", "ranking_component_errors_total", "up");
        assertThat(InfraChecks.metricNames("label_values(mercator_projection_lag, projection)"))
                .containsExactly("mercator_projection_lag");
    }

    @Test
    void shouldCatchAWrongMetricNameAndAWrongLabel() {
        var exported = InfraChecks.scrape("""
                # HELP x_total x
                # TYPE x_total counter
                x_total{component="a",cause="timeout"} 1.0
                y_seconds_bucket{le="0.1"} 2
                """);
        assertThat(exported).containsOnlyKeys("x_total", "y_seconds_bucket");
        assertThat(exported.get("x_total")).containsExactly("cause", "component");
        assertThat(InfraChecks.missingFromScrape(List.of(
                "rate(x_total{component=\"a\"}[5m])",
                "rate(x_totl[5m])",
                "sum(rate(x_total{route=\"/feed\"}[5m]))",
                "histogram_quantile(0.9, sum by (le) (rate(y_seconds_bucket[5m])))",
                "up == 0"), exported))
                .containsExactly("x_total{route}", "x_totl");
    }

    @Test
    void shouldTreatEmptyScrapeAsMissingEverything() {
        assertThat(InfraChecks.missingFromScrape(List.of("mercator_projection_lag"), Map.of()))
                .isEqualTo(List.of("mercator_projection_lag"));
        assertThat(InfraChecks.matcherLabels("a{b=\"1\", c!~\"x\"} + d").get("a")).isEqualTo(Set.of("b", "c"));
    }
}
