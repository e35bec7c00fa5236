package io.mercator.service.infra;

import com.fasterxml.jackson.databind.JsonNode;
import io.mercator.service.config.ConfigLoader;
import io.mercator.service.config.MercatorConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** infra/k8s: the manifests agree with each other, with the image and with Mercator's settings. */
class KubernetesManifestsTest {

    @TempDir
    static Path tmp;
    static Path k8s;
    /** kind/name -> document, over every manifest (secret.example.yaml included). */
    static Map<String, JsonNode> objects = new LinkedHashMap<>();
    static JsonNode deployment;
    static JsonNode container;

    @BeforeAll
    static void read() {
        k8s = InfraFiles.infra().resolve("k8s");
        for (Path f : InfraFiles.filesEnding(".yaml", ".yml")) {
            if (!f.startsWith(k8s) || f.getFileName().toString().equals("kustomization.yaml")) {
                continue;
            }
            for (JsonNode d : InfraFiles.yamlDocuments(f)) {
                String key = d.path("kind").asText() + "/" + d.path("metadata").path("name").asText();
                assertThat(objects.put(key, d)).as("duplicate " + key).isNull();
            }
        }
        deployment = get("Deployment/mercator");
        container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
    }

    @Test
    void shouldDefineTheExpectedObjectsInOneNamespace() {
        assertThat(objects.keySet()).contains("Deployment/mercator", "Service/mercator", "HorizontalPodAutoscaler/mercator",
                "PodDisruptionBudget/mercator", "ConfigMap/mercator-config", "ConfigMap/mercator-env",
                "Secret/mercator-secrets", "Namespace/mercator");
        objects.forEach((k, d) -> {
            assertThat(d.path("apiVersion").asText()).as(k).isNotBlank();
            if (!k.startsWith("Namespace/")) {
                assertThat(d.path("metadata").path("namespace").asText()).as(k).isEqualTo("mercator");
            }
        });
    }

    @Test
    void shouldListEveryManifestButTheExampleSecretInTheKustomization() throws Exception {
        JsonNode kustomization = InfraFiles.yaml(k8s.resolve("kustomization.yaml"));
        List<String> listed = ComposeStackTest.texts(kustomization.path("resources"));
        for (String r : listed) {
            assertThat(k8s.resolve(r)).exists();
        }
        try (var files = Files.list(k8s)) {
            List<String> all = files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("kustomization.yaml") && !n.equals("secret.example.yaml")).sorted().toList();
            assertThat(listed).containsExactlyInAnyOrderElementsOf(all);
        }
        assertThat(listed).doesNotContain("secret.example.yaml");
    }

    @Test
    void shouldShipTheRepositoryProductionFileUnchanged() {
        String inConfigMap = get("ConfigMap/mercator-config").path("data").path("production.yaml").asText();
        assertThat(inConfigMap).isEqualTo(InfraFiles.read(InfraFiles.root().resolve("config/production.yaml")));
    }

    @Test
    void shouldMountTheConfigMapAtThePathTheContainerIsStartedWith() {
        List<String> args = ComposeStackTest.texts(container.path("args"));
        String configPath = args.get(args.indexOf("--config") + 1);
        assertThat(configPath).isEqualTo(ComposeStackTest.dockerfileConfigPath());
        String dir = configPath.substring(0, configPath.lastIndexOf('/'));
        String file = configPath.substring(configPath.lastIndexOf('/') + 1);
        String volume = null;
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("mountPath").asText().equals(dir)) {
                volume = m.path("name").asText();
            }
        }
        assertThat(volume).as("a volume mounted at " + dir).isNotNull();
        String configMap = volume(volume).path("configMap").path("name").asText();
        assertThat(get("ConfigMap/" + configMap).path("data").has(file)).isTrue();
    }

    @Test
    void shouldSetOnlyRealSettingsAndLoadWithThem() throws Exception {
        Map<String, String> env = environment();
        assertThat(env).isNotEmpty();
        assertThat(env.keySet()).allMatch(k -> k.startsWith("MERCATOR_"));
        assertThat(InfraChecks.unknownSettingVariables(env.keySet())).isEmpty();
        // every secret the production file's header asks for is provided by the Secret
        for (String secret : List.of("MERCATOR_STORE_REDIS_PASSWORD", "MERCATOR_KEYWORD_RECALL_ELASTICSEARCH_PASSWORD",
                "MERCATOR_VECTOR_RECALL_MILVUS_TOKEN", "MERCATOR_LOG_KAFKA_SASL_JAAS_CONFIG")) {
            assertThat(get("Secret/mercator-secrets").path("stringData").has(secret)).as(secret).isTrue();
        }
        MercatorConfig c = config();
        assertThat(c.log().kafka().bootstrapServers()).isEqualTo(env.get("MERCATOR_LOG_KAFKA_BOOTSTRAP_SERVERS"));
        assertThat(c.store().redis().password()).isEqualTo(env.get("MERCATOR_STORE_REDIS_PASSWORD"));
    }

    @Test
    void shouldHoldOnlyPlaceholdersInTheExampleSecret() {
        get("Secret/mercator-secrets").path("stringData").fields().forEachRemaining(f ->
                assertThat(f.getValue().asText()).as(f.getKey()).containsPattern("<[a-z-:]+>"));
        assertThat(get("Secret/mercator-secrets").has("data")).isFalse();
        assertThat(get("ConfigMap/mercator-env").path("data").toString()).doesNotContainIgnoringCase("password=");
        get("ConfigMap/mercator-env").path("data").fieldNames().forEachRemaining(k ->
                assertThat(k).doesNotContain("PASSWORD", "TOKEN", "JAAS"));
    }

    @Test
    void shouldExposeProbeAndScrapeThePortMercatorListensOn() throws Exception {
        int port = config().http().port();
        JsonNode http = null;
        for (JsonNode p : container.path("ports")) {
            if (p.path("containerPort").asInt() == port) {
                http = p;
            }
        }
        assertThat(http).as("a container port " + port).isNotNull();
        String portName = http.path("name").asText();
        assertThat(probe("readinessProbe").path("path").asText()).isEqualTo("/health/ready");
        assertThat(probe("livenessProbe").path("path").asText()).isEqualTo("/health/live");
        for (String p : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            JsonNode get = probe(p);
            assertThat(RoutesUnderTest.PROBE_PATHS).as(p).contains(get.path("path").asText());
            String probePort = get.path("port").asText();
            assertThat(probePort.equals(portName) || probePort.equals(Integer.toString(port))).as(p + " port " + probePort).isTrue();
        }
        JsonNode svcPort = get("Service/mercator").path("spec").path("ports").get(0);
        String target = svcPort.path("targetPort").asText();
        assertThat(target.equals(portName) || target.equals(Integer.toString(port))).as("Service targetPort").isTrue();
        JsonNode annotations = deployment.path("spec").path("template").path("metadata").path("annotations");
        assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(Integer.toString(port));
        assertThat(RoutesUnderTest.PROBE_PATHS).contains(annotations.path("prometheus.io/path").asText());
    }

    @Test
    void shouldSelectTheDeploymentsPodsFromServiceBudgetAndAutoscaler() {
        JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
        for (JsonNode selector : List.of(deployment.path("spec").path("selector").path("matchLabels"),
                get("Service/mercator").path("spec").path("selector"),
                get("PodDisruptionBudget/mercator").path("spec").path("selector").path("matchLabels"))) {
            assertThat(selector.isEmpty()).isFalse();
            selector.fields().forEachRemaining(f -> assertThat(podLabels.path(f.getKey()).asText()).isEqualTo(f.getValue().asText()));
        }
        JsonNode target = get("HorizontalPodAutoscaler/mercator").path("spec").path("scaleTargetRef");
        assertThat(objects).containsKey(target.path("kind").asText() + "/" + target.path("name").asText());
    }

    @Test
    void shouldNotScaleBeyondWhatTheKafkaPartitionsCanFeed() throws Exception {
        JsonNode hpa = get("HorizontalPodAutoscaler/mercator").path("spec");
        int max = hpa.path("maxReplicas").asInt();
        assertThat(hpa.path("minReplicas").asInt()).isBetween(2, max);
        assertThat(max).isLessThanOrEqualTo(config().log().kafka().partitions());
        assertThat(hpa.path("metrics").get(0).path("resource").path("name").asText()).isEqualTo("cpu");
        // the HPA works on CPU utilisation, which is a share of the request: there must be one
        assertThat(container.path("resources").path("requests").path("cpu").asText()).isNotBlank();
        assertThat(container.path("resources").path("limits").path("memory").asText()).isNotBlank();
        int budget = get("PodDisruptionBudget/mercator").path("spec").path("maxUnavailable").asInt();
        assertThat(budget).isPositive().isLessThan(hpa.path("minReplicas").asInt());
    }

    @Test
    void shouldTakeEnvironmentOnlyFromObjectsThatExist() {
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                assertThat(objects).containsKey("ConfigMap/" + from.path("configMapRef").path("name").asText());
            }
            if (from.has("secretRef")) {
                assertThat(objects).containsKey("Secret/" + from.path("secretRef").path("name").asText());
            }
        }
        for (JsonNode v : deployment.path("spec").path("template").path("spec").path("volumes")) {
            if (v.has("configMap")) {
                assertThat(objects).containsKey("ConfigMap/" + v.path("configMap").path("name").asText());
            }
        }
    }

    @Test
    void shouldRunTheTextServiceBehindTheNameTheRankingPodsCall() throws Exception {
        MercatorConfig c = config();
        assertThat(c.nlp().mode()).isEqualTo(MercatorConfig.NlpMode.REMOTE);
        shouldRunASeparateServiceBehindTheNameTheRankingPodsCall("nlp", c.nlp().url(), c.nlp().port(), "text-models");
    }

    @Test
    void shouldRunTheImageServiceBehindTheNameTheRankingPodsCall() throws Exception {
        MercatorConfig c = config();
        assertThat(c.vision().mode()).isEqualTo(MercatorConfig.VisionMode.REMOTE);
        shouldRunASeparateServiceBehindTheNameTheRankingPodsCall("vision", c.vision().url(), c.vision().port(), "vision-models");
    }

    /**
     * A service of its own ({@code mercator nlp}, {@code mercator vision}): the Service the ranking
     * pods call at {@code url}, its Deployment running {@code command} from the same image and
     * config on {@code port}, probed and scraped there, with a budget and an autoscaler on its own
     * pods, and its models from a claim mounted where the data directory keeps {@code modelsDir}.
     */
    private static void shouldRunASeparateServiceBehindTheNameTheRankingPodsCall(String command, String url, int port,
                                                                                 String modelsDir) throws Exception {
        MercatorConfig c = config();
        String name = "mercator-" + command;
        java.net.URI uri = java.net.URI.create(url);
        assertThat(uri.getHost()).isEqualTo(name);
        JsonNode service = get("Service/" + uri.getHost());
        JsonNode svcPort = service.path("spec").path("ports").get(0);
        assertThat(svcPort.path("port").asInt()).isEqualTo(uri.getPort());

        JsonNode pod = get("Deployment/" + name).path("spec").path("template");
        JsonNode own = pod.path("spec").path("containers").get(0);
        List<String> args = ComposeStackTest.texts(own.path("args"));
        assertThat(args.get(0)).isEqualTo(command);
        assertThat(args.get(args.indexOf("--config") + 1)).isEqualTo(ComposeStackTest.dockerfileConfigPath());
        assertThat(own.path("image").asText()).isEqualTo(container.path("image").asText());
        JsonNode containerPort = own.path("ports").get(0);
        assertThat(containerPort.path("containerPort").asInt()).isEqualTo(port);
        assertThat(svcPort.path("targetPort").asText()).isIn(containerPort.path("name").asText(), Integer.toString(port));
        assertThat(own.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/ready");
        assertThat(pod.path("metadata").path("annotations").path("prometheus.io/port").asText()).isEqualTo(Integer.toString(port));
        // the pods the Service, the budget and the autoscaler name are this service's
        JsonNode labels = pod.path("metadata").path("labels");
        for (JsonNode selector : List.of(service.path("spec").path("selector"),
                get("PodDisruptionBudget/" + name).path("spec").path("selector").path("matchLabels"))) {
            selector.fields().forEachRemaining(f -> assertThat(labels.path(f.getKey()).asText()).isEqualTo(f.getValue().asText()));
        }
        assertThat(get("HorizontalPodAutoscaler/" + name).path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo(name);
        // its models come from the claim, mounted where the data directory keeps them
        boolean mounted = false;
        for (JsonNode m : own.path("volumeMounts")) {
            if (m.path("mountPath").asText().equals(c.dataDir() + "/" + modelsDir)) {
                mounted = true;
            }
        }
        assertThat(mounted).as(modelsDir + " mounted at " + c.dataDir() + "/" + modelsDir).isTrue();
        assertThat(objects).containsKey("PersistentVolumeClaim/mercator-" + modelsDir);
    }

    // --- helpers -------------------------------------------------------------------------------

    static JsonNode get(String key) {
        JsonNode d = objects.get(key);
        if (d == null) {
            throw new AssertionError("no " + key + " in infra/k8s");
        }
        return d;
    }

    static JsonNode probe(String name) {
        return container.path(name).path("httpGet");
    }

    static JsonNode volume(String name) {
        for (JsonNode v : deployment.path("spec").path("template").path("spec").path("volumes")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    /** What the container's environment would hold: envFrom ConfigMaps and Secrets, then env. */
    static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            JsonNode src = from.has("configMapRef") ? get("ConfigMap/" + from.path("configMapRef").path("name").asText()).path("data")
                    : get("Secret/" + from.path("secretRef").path("name").asText()).path("stringData");
            src.fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().asText()));
        }
        for (JsonNode e : container.path("env")) {
            env.put(e.path("name").asText(), e.path("value").asText());
        }
        return env;
    }

    /** The configuration a pod starts with: the ConfigMap's file plus the environment. */
    static MercatorConfig config() throws Exception {
        Path file = tmp.resolve("production.yaml");
        Files.writeString(file, get("ConfigMap/mercator-config").path("data").path("production.yaml").asText());
        return ConfigLoader.load(file, environment());
    }

    static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
