package io.mercator.service.infra;

import com.fasterxml.jackson.databind.JsonNode;
import io.mercator.service.config.ConfigLoader;
import io.mercator.service.config.MercatorConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * infra/compose.yaml, infra/Dockerfile and the monitoring files, checked without Docker: they
 * parse, what they reference exists, and the ports, paths and settings they use are the ones
 * Mercator is configured with.
 */
class ComposeStackTest {

    static Path root;
    static Path infra;
    static JsonNode compose;
    static JsonNode services;
    /** The values in .env.example, which compose would interpolate. */
    static Map<String, String> dotEnv;

    @BeforeAll
    static void read() throws Exception {
        root = InfraFiles.root();
        infra = InfraFiles.infra();
        compose = InfraFiles.yaml(infra.resolve("compose.yaml"));
        services = compose.path("services");
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(infra.resolve(".env.example"))) {
            p.load(in);
        }
        dotEnv = new HashMap<>();
        p.forEach((k, v) -> dotEnv.put(k.toString(), v.toString()));
    }

    @Test
    void shouldParseEveryYamlAndJsonFileUnderInfra() {
        List<Path> files = InfraFiles.filesEnding(".yaml", ".yml", ".json");
        assertThat(files).extracting(f -> infra.relativize(f).toString()).contains("compose.yaml",
                "prometheus/prometheus.yml", "prometheus/rules/mercator-alerts.yml", "alertmanager/alertmanager.yml",
                "grafana/dashboards/mercator.json", "k8s/deployment.yaml");
        for (Path f : files) {
            if (f.toString().endsWith(".json")) {
                assertThat(InfraFiles.json(f).isObject()).as(f.toString()).isTrue();
            } else {
                assertThat(InfraFiles.yamlDocuments(f)).as(f.toString()).isNotEmpty().allMatch(JsonNode::isObject);
            }
        }
    }

    @Test
    void shouldHaveTheWholeProductionStack() {
        assertThat(names(services)).contains("kafka", "redis", "elasticsearch", "milvus", "milvus-etcd", "milvus-minio",
                "prometheus", "alertmanager", "grafana", "mercator");
        assertThat(services.path("elasticsearch").path("image").asText()).contains(":8.19.");
        assertThat(InfraChecks.environment(services.path("kafka"))).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
    }

    @Test
    void shouldReferenceOnlyServicesNetworksVolumesAndFilesThatExist() {
        assertThat(InfraChecks.composeReferenceProblems(compose, infra)).isEmpty();
    }

    @Test
    void shouldSetOnlyRealSettingsThroughMercatorVariables() {
        Map<String, String> env = InfraChecks.environment(services.path("mercator"));
        assertThat(env.keySet()).isNotEmpty().allMatch(k -> k.startsWith("MERCATOR_"));
        assertThat(InfraChecks.unknownSettingVariables(env.keySet())).isEmpty();
        for (String deployment : List.of("mercator-nlp", "mercator-vision")) {
            Map<String, String> own = InfraChecks.environment(services.path(deployment));
            assertThat(InfraChecks.unknownSettingVariables(own.keySet())).as(deployment).isEmpty();
            // the service calls their release controls with its admin key: the same secret on all three
            assertThat(own.get("MERCATOR_ADMIN_API_KEY")).as(deployment).isNotNull().isEqualTo(env.get("MERCATOR_ADMIN_API_KEY"));
        }
        // and nothing else in the stack carries a MERCATOR_ variable meant for Mercator by mistake
        services.fields().forEachRemaining(s -> {
            if (!s.getKey().startsWith("mercator")) {
                assertThat(InfraChecks.environment(s.getValue()).keySet()).as(s.getKey()).noneMatch(k -> k.startsWith("MERCATOR_"));
            }
        });
    }

    @Test
    void shouldLoadTheMountedProductionFileWithTheComposeEnvironment() {
        MercatorConfig config = mercatorConfig();
        assertThat(config.log().backend()).isEqualTo(MercatorConfig.LogBackend.KAFKA);
        assertThat(config.store().backend()).isEqualTo(MercatorConfig.StoreBackend.REDIS);
        assertThat(config.keywordRecall().backend()).isEqualTo(MercatorConfig.KeywordBackend.ELASTICSEARCH);
        assertThat(config.vectorRecall().backend()).isEqualTo(MercatorConfig.VectorBackend.MILVUS);
        // the variables took effect: one broker cannot hold the file's 3 replicas
        assertThat(config.log().kafka().replicationFactor()).isEqualTo(1);
        assertThat(config.store().redis().password()).isEqualTo(dotEnv.get("REDIS_PASSWORD"));
    }

    @Test
    void shouldMountConfigProductionYamlWhereTheImageLooksForIt() {
        String configArg = dockerfileConfigPath();
        InfraChecks.Mount mount = InfraChecks.mounts(services.path("mercator")).stream()
                .filter(m -> m.target().equals(configArg)).findFirst().orElseThrow(
                        () -> new AssertionError("nothing mounted at the image's --config path " + configArg));
        assertThat(infra.resolve(mount.source()).normalize()).isEqualTo(root.resolve("config/production.yaml"));
        assertThat(mountTarget("mercator", "mercator-data")).isEqualTo(mercatorConfig().dataDir());
    }

    @Test
    void shouldPublishAndProbeThePortMercatorListensOn() {
        int port = mercatorConfig().http().port();
        JsonNode m = services.path("mercator");
        assertThat(InfraChecks.publishedContainerPorts(m)).containsExactly(port);
        String health = String.join(" ", texts(m.path("healthcheck").path("test")));
        assertThat(health).contains("http://localhost:" + port + "/health/ready");
        assertThat(RoutesUnderTest.PROBE_PATHS).contains("/health/ready");
        assertThat(dockerfile()).containsPattern("(?m)^EXPOSE " + port + "$");
        // Prometheus scrapes that port under the compose service name, on the metrics route
        JsonNode job = prometheusJob("mercator");
        assertThat(texts(job.path("static_configs").get(0).path("targets"))).containsExactly("mercator:" + port);
        assertThat(job.path("metrics_path").asText("/metrics")).isEqualTo("/metrics");
    }

    @Test
    void shouldPointEveryBackendAtAServiceOfTheStack() {
        MercatorConfig c = mercatorConfig();
        Set<String> names = names(services);
        String kafka = c.log().kafka().bootstrapServers();
        assertThat(names).contains(kafka.split(":")[0], URI.create(c.store().redis().url()).getHost(),
                URI.create(c.vectorRecall().milvus().uri()).getHost());
        for (String h : c.keywordRecall().elasticsearch().hosts()) {
            assertThat(names).contains(URI.create(h).getHost());
        }
        // the broker must advertise the exact address Mercator bootstraps from, or clients connect
        // once and then follow the advertised listener somewhere unreachable
        assertThat(InfraChecks.environment(services.path("kafka")).get("KAFKA_ADVERTISED_LISTENERS"))
                .contains("://" + kafka);
        // every backend Mercator needs is healthy before it starts
        assertThat(InfraChecks.dependsOn(services.path("mercator"))).contains("kafka", "redis", "elasticsearch", "milvus");
        services.path("mercator").path("depends_on").forEach(d ->
                assertThat(d.path("condition").asText()).isEqualTo("service_healthy"));
        assertThat(InfraChecks.dependsOn(services.path("mercator")))
                .allSatisfy(d -> assertThat(services.path(d).has("healthcheck")).as(d + " healthcheck").isTrue());
    }

    @Test
    void shouldKeepSecretsOutOfTheComposeFile() {
        services.fields().forEachRemaining(s -> InfraChecks.environment(s.getValue()).forEach((k, v) -> {
            if (k.matches(".*(PASSWORD|TOKEN|SECRET|JAAS|ACCESS_KEY|API_KEY).*")) {
                assertThat(v).as(s.getKey() + " " + k).matches("\\$\\{[A-Z_]+:\\?[^}]+}");
            }
        }));
        assertThat(InfraFiles.read(infra.resolve(".gitignore"))).contains(".env", "alertmanager/secrets/");
        // every variable compose requires is documented in .env.example
        Matcher m = Pattern.compile("\\$\\{([A-Z_]+)").matcher(InfraFiles.read(infra.resolve("compose.yaml")));
        while (m.find()) {
            assertThat(dotEnv).as("infra/.env.example").containsKey(m.group(1));
        }
    }

    @Test
    void shouldBuildFromFilesThatExist() {
        JsonNode build = services.path("mercator").path("build");
        Path context = infra.resolve(build.path("context").asText()).normalize();
        assertThat(context).isEqualTo(root);
        assertThat(context.resolve(build.path("dockerfile").asText())).isEqualTo(infra.resolve("Dockerfile"));
        List<String> sources = new ArrayList<>();
        for (String line : dockerfileInstructions()) {
            if (line.startsWith("COPY ") && !line.contains("--from=")) {
                String[] parts = line.substring(5).trim().split("\\s+");
                for (int i = 0; i < parts.length - 1; i++) {
                    sources.add(parts[i]);
                }
            }
        }
        assertThat(sources).contains("pom.xml", "config/production.yaml");
        for (String s : sources) {
            assertThat(context.resolve(s)).as("COPY " + s).exists();
        }
        // the reactor needs every module the root pom names, even when building only the service
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(InfraFiles.read(root.resolve("pom.xml")));
        while (modules.find()) {
            assertThat(sources).as("Dockerfile copies module " + modules.group(1)).contains(modules.group(1));
        }
    }

    @Test
    void shouldStartTheRealCommandLineClass() throws Exception {
        String entry = dockerfileInstructions().stream().filter(l -> l.startsWith("ENTRYPOINT ")).findFirst().orElseThrow();
        List<String> argv = texts(InfraFiles.JSON.readTree(entry.substring("ENTRYPOINT ".length())));
        String mainClass = argv.get(argv.size() - 1);
        assertThat(Class.forName(mainClass).getMethod("main", String[].class)).isNotNull();
        assertThat(argv).contains("--enable-native-access=ALL-UNNAMED", "jdk.incubator.vector");
        // the collector settings the speed figures were measured with, as the launcher has them
        String launcher = java.nio.file.Files.readString(infra.getParent().resolve("mercator"));
        for (String gcFlag : List.of("-XX:+UseG1GC", "-XX:MaxTenuringThreshold=1")) {
            assertThat(argv).as("Dockerfile entrypoint").contains(gcFlag);
            assertThat(launcher).as("./mercator").contains(gcFlag);
        }
        // and a heap committed whole from the start: fixed in the launcher, initial = max in the image
        // (the heap the JVM then reports is MercatorScriptTest's)
        assertThat(launcher).contains("local heap=\"${MERCATOR_HEAP:-4g}\" max=\"${MERCATOR_HEAP:-4g}\"")
                .contains("echo \"-Xms$heap -Xmx$max\"");
        String toolOptions = dockerfileInstructions().stream().filter(l -> l.startsWith("ENV JAVA_TOOL_OPTIONS="))
                .findFirst().orElseThrow();
        assertThat(toolOptions).contains("-XX:InitialRAMPercentage=75", "-XX:MaxRAMPercentage=75");
        List<String> cmd = texts(InfraFiles.JSON.readTree(dockerfileInstructions().stream()
                .filter(l -> l.startsWith("CMD ")).findFirst().orElseThrow().substring(4)));
        assertThat(cmd.get(0)).isEqualTo("serve");
    }

    @Test
    void shouldWireGrafanaToPrometheusAndLoadTheDashboards() {
        JsonNode ds = InfraFiles.yaml(infra.resolve("grafana/provisioning/datasources/prometheus.yml")).path("datasources").get(0);
        URI url = URI.create(ds.path("url").asText());
        assertThat(names(services)).contains(url.getHost());
        assertThat(texts(services.path("prometheus").path("ports"))).anyMatch(p -> p.endsWith(":" + url.getPort()));
        String provider = InfraFiles.yaml(infra.resolve("grafana/provisioning/dashboards/mercator.yml"))
                .path("providers").get(0).path("options").path("path").asText();
        assertThat(mountTarget("grafana", "./grafana/dashboards")).isEqualTo(provider);
        assertThat(mountTarget("grafana", "./grafana/provisioning")).isEqualTo("/etc/grafana/provisioning");
        String uid = ds.path("uid").asText();
        for (Path f : InfraFiles.filesEnding(".json")) {
            for (JsonNode p : InfraChecks.panels(InfraFiles.json(f))) {
                if (p.has("targets")) {
                    assertThat(p.path("datasource").path("uid").asText()).as(p.path("title").asText()).isEqualTo(uid);
                    p.path("targets").forEach(t -> assertThat(t.path("datasource").path("uid").asText()).isEqualTo(uid));
                }
            }
        }
    }

    @Test
    void shouldLoadTheRulesAndReachAlertmanager() {
        JsonNode prom = InfraFiles.yaml(infra.resolve("prometheus/prometheus.yml"));
        String mountedAt = mountTarget("prometheus", "./prometheus");
        assertThat(texts(services.path("prometheus").path("command"))).contains("--config.file=" + mountedAt + "/prometheus.yml");
        for (String glob : texts(prom.path("rule_files"))) {
            assertThat(glob).startsWith(mountedAt + "/");
            Path dir = infra.resolve("prometheus").resolve(glob.substring(mountedAt.length() + 1)).getParent();
            String pattern = glob.substring(glob.lastIndexOf('/') + 1);
            try (var s = Files.newDirectoryStream(dir, pattern)) {
                assertThat(s.iterator().hasNext()).as(glob).isTrue();
            } catch (java.io.IOException e) {
                throw new AssertionError(glob, e);
            }
        }
        String am = texts(prom.path("alerting").path("alertmanagers").get(0).path("static_configs").get(0).path("targets")).get(0);
        assertThat(names(services)).contains(am.split(":")[0]);
        assertThat(InfraChecks.publishedContainerPorts(services.path(am.split(":")[0]))).contains(Integer.parseInt(am.split(":")[1]));
    }

    @Test
    void shouldGiveEveryAlertASeverityThatAlertmanagerRoutes() {
        Set<String> severities = new TreeSet<>();
        for (Path f : InfraFiles.filesEnding(".yml")) {
            if (!f.startsWith(infra.resolve("prometheus/rules"))) {
                continue;
            }
            for (JsonNode g : InfraFiles.yaml(f).path("groups")) {
                for (JsonNode r : g.path("rules")) {
                    assertThat(r.path("alert").asText()).isNotBlank();
                    assertThat(r.path("expr").asText()).isNotBlank();
                    assertThat(r.path("annotations").path("summary").asText()).isNotBlank();
                    severities.add(r.path("labels").path("severity").asText());
                }
            }
        }
        assertThat(severities).containsExactlyInAnyOrder("page", "ticket");
        JsonNode am = InfraFiles.yaml(infra.resolve("alertmanager/alertmanager.yml"));
        Set<String> receivers = new TreeSet<>();
        am.path("receivers").forEach(r -> receivers.add(r.path("name").asText()));
        assertThat(receivers).contains(am.path("route").path("receiver").asText());
        String routes = am.path("route").path("routes").toString();
        for (String s : severities) {
            assertThat(routes).contains(s);
        }
        am.path("route").path("routes").forEach(r -> assertThat(receivers).contains(r.path("receiver").asText()));
        // credentials only by file, from the git-ignored secrets folder
        am.path("receivers").forEach(r -> {
            r.path("slack_configs").forEach(c -> {
                assertThat(c.has("api_url")).isFalse();
                assertThat(c.path("api_url_file").asText()).startsWith("/etc/alertmanager/secrets/");
            });
            r.path("pagerduty_configs").forEach(c -> {
                assertThat(c.has("routing_key")).isFalse();
                assertThat(c.has("service_key")).isFalse();
                assertThat(c.path("routing_key_file").asText()).startsWith("/etc/alertmanager/secrets/");
            });
        });
        assertThat(mountTarget("alertmanager", "./alertmanager")).isEqualTo("/etc/alertmanager");
    }

    @Test
    void shouldAlertOnP99OverTheConfiguredPipelineBudget() {
        String expr = InfraChecks.alertExpressions().get("MercatorPipelineP99OverBudget");
        assertThat(expr).isNotNull().contains("0.99");
        Matcher m = Pattern.compile(">\\s*([0-9.]+)\\s*$").matcher(expr.strip());
        assertThat(m.find()).isTrue();
        double budgetSeconds = mercatorConfig().ranking().pipelineBudgetMs() / 1000.0;
        assertThat(Double.parseDouble(m.group(1))).isEqualTo(budgetSeconds);
        String fallback = InfraChecks.alertExpressions().get("MercatorComponentFallbackRateHigh");
        assertThat(fallback).contains("ranking_component_fallbacks_total").containsPattern(">\\s*0\\.10?\\s*$");
    }

    @Test
    void shouldRunTheTextServiceWhereTheServiceLooksForIt() {
        MercatorConfig c = mercatorConfig();
        assertThat(c.nlp().mode()).isEqualTo(MercatorConfig.NlpMode.REMOTE);
        URI url = URI.create(c.nlp().url());
        JsonNode nlp = services.path(url.getHost());
        assertThat(nlp.isMissingNode()).as("a compose service named " + url.getHost()).isFalse();
        assertThat(url.getPort()).isEqualTo(c.nlp().port());
        List<String> command = texts(nlp.path("command"));
        assertThat(command.get(0)).isEqualTo("nlp");
        assertThat(command.get(command.indexOf("--config") + 1)).isEqualTo(dockerfileConfigPath());
        assertThat(nlp.path("image").asText()).isEqualTo(services.path("mercator").path("image").asText());
        assertThat(String.join(" ", texts(nlp.path("healthcheck").path("test"))))
                .contains("http://localhost:" + c.nlp().port() + "/health/ready");
        assertThat(InfraChecks.dependsOn(services.path("mercator"))).contains(url.getHost());
        assertThat(mountTarget(url.getHost(), "../../shared/data")).isEqualTo(c.nlp().trainingData());
        assertThat(texts(prometheusJob(url.getHost()).path("static_configs").get(0).path("targets")))
                .containsExactly(url.getHost() + ":" + c.nlp().port());
    }

    // --- helpers -------------------------------------------------------------------------------

    static MercatorConfig mercatorConfig() {
        Map<String, String> env = new LinkedHashMap<>();
        InfraChecks.environment(services.path("mercator")).forEach((k, v) -> env.put(k, InfraChecks.interpolate(v, dotEnv)));
        String mounted = dockerfileConfigPath();
        InfraChecks.Mount m = InfraChecks.mounts(services.path("mercator")).stream()
                .filter(x -> x.target().equals(mounted)).findFirst().orElseThrow();
        return ConfigLoader.load(infra.resolve(m.source()).normalize(), env);
    }

    static String mountTarget(String service, String source) {
        return InfraChecks.mounts(services.path(service)).stream().filter(m -> m.source().equals(source))
                .map(InfraChecks.Mount::target).findFirst()
                .orElseThrow(() -> new AssertionError(service + " does not mount " + source));
    }

    static JsonNode prometheusJob(String name) {
        for (JsonNode j : InfraFiles.yaml(infra.resolve("prometheus/prometheus.yml")).path("scrape_configs")) {
            if (j.path("job_name").asText().equals(name)) {
                return j;
            }
        }
        throw new AssertionError("no scrape job " + name);
    }

    static String dockerfile() {
        return InfraFiles.read(InfraFiles.infra().resolve("Dockerfile"));
    }

    /** Dockerfile instructions with continuation lines joined and comments dropped. */
    static List<String> dockerfileInstructions() {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : dockerfile().split("\n")) {
            String t = line.strip();
            if (t.startsWith("#") || (t.isEmpty() && cur.isEmpty())) {
                continue;
            }
            if (t.endsWith("\\")) {
                cur.append(t, 0, t.length() - 1).append(' ');
            } else {
                cur.append(t);
                out.add(cur.toString().strip());
                cur.setLength(0);
            }
        }
        return out;
    }

    /** The file the image's CMD passes to --config. */
    static String dockerfileConfigPath() {
        String cmd = dockerfileInstructions().stream().filter(l -> l.startsWith("CMD ")).findFirst().orElseThrow();
        try {
            List<String> argv = texts(InfraFiles.JSON.readTree(cmd.substring(4)));
            return argv.get(argv.indexOf("--config") + 1);
        } catch (java.io.IOException e) {
            throw new AssertionError(cmd, e);
        }
    }

    static Set<String> names(JsonNode mapping) {
        Set<String> s = new TreeSet<>();
        mapping.fieldNames().forEachRemaining(s::add);
        return s;
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
