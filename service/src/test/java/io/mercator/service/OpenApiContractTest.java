package io.mercator.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import static io.mercator.service.RunningMercator.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI 3.1 document served at /openapi.json is the contract: every route is in it, every path
 * in it is routed, and real answers of a running service validate against its schemas (with a kept
 * JSON-schema validator, draft 2020-12, the dialect of OpenAPI 3.1).
 */
class OpenApiContractTest {

    private static final String ADMIN = "contract-admin-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static RunningMercator app;
    static JsonNode doc;

    @BeforeAll
    static void start() throws Exception {
        app = RunningMercator.startWithAdmin(dir, ADMIN);
        HttpResponse<String> served = app.get("/openapi.json");
        assertThat(served.statusCode()).isEqualTo(200);
        doc = JSON.readTree(served.body());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static TreeSet<String> documented() {
        TreeSet<String> out = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> p = paths.next();
            p.getValue().fieldNames().forEachRemaining(m -> out.add(m.toUpperCase() + " " + p.getKey()));
        }
        return out;
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationIsRouted() {
        TreeSet<String> routed = new TreeSet<>(app.mercator.routes());
        assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(routed).hasSizeGreaterThan(20);
        assertThat(documented()).containsExactlyElementsOf(routed);
    }

    @Test
    void theDocsPageAndTheConsoleAreServedWithTheirScriptsFromThisService() {
        HttpResponse<String> docs = app.get("/docs");
        assertThat(docs.statusCode()).isEqualTo(200);
        String bundle = docs.body().replaceAll("(?s).*src=\"(/webjars/swagger-ui/[^\"]+bundle.js)\".*", "$1");
        assertThat(app.get(bundle).statusCode()).isEqualTo(200);
        HttpResponse<String> console = app.get("/console");
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("default-src 'self'"));
        assertThat(console.body()).doesNotContain("UPLOT_VERSION").doesNotContain("https://");
        assertThat(app.get("/console/app.js").statusCode()).isEqualTo(200);
    }

    /** The schema of a documented answer, as a standalone draft 2020-12 schema carrying the components. */
    private static JsonSchema schemaOf(String method, String path, int status) {
        JsonNode response = doc.at("/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method + "/responses/"
                + status);
        assertThat(response.isMissingNode()).as(method + " " + path + " documents " + status).isFalse();
        if (response.has("$ref")) {
            response = doc.at(response.get("$ref").asText().substring(1));
        }
        JsonNode schema = response.at("/content/application~1json/schema");
        assertThat(schema.isMissingNode()).as(method + " " + path + " " + status + " has a JSON schema").isFalse();
        ObjectNode standalone = schema.deepCopy();
        standalone.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        standalone.set("components", doc.get("components"));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(standalone.toString());
    }

    private static final List<String> checked = new ArrayList<>();

    private static void conforms(String method, String template, HttpResponse<String> res) {
        java.util.Set<ValidationMessage> errors = schemaOf(method.toLowerCase(), template, res.statusCode())
                .validate(res.body(), InputFormat.JSON);
        String body = res.body().length() > 300 ? res.body().substring(0, 300) + "..." : res.body();
        assertThat(errors).as(method + " " + template + " " + res.statusCode() + ": " + body).isEmpty();
        checked.add(method + " " + template + " " + res.statusCode());
    }

    private static HttpResponse<String> admin(String method, String path, String body) {
        return body == null ? app.send(method, path, null, "Authorization", "Bearer " + ADMIN)
                : app.send(method, path, body, "Authorization", "Bearer " + ADMIN, "content-type", "application/json");
    }

    @Test
    void realAnswersValidateAgainstTheDocumentsSchemas() throws Exception {
        conforms("GET", "/feed", app.get("/feed?user_id=user-00001&lat=13.75&lon=100.5&explain=true"));
        conforms("GET", "/feed", app.get("/feed?lat=99&lon=100.5"));
        conforms("GET", "/search", app.get("/search?q=iphone&lat=13.75&lon=100.5"));
        conforms("GET", "/search", app.get("/search?lat=13.75&lon=100.5"));
        conforms("POST", "/events", app.post("/events", "application/json", "[]"));
        conforms("POST", "/events", app.post("/events", "application/json", "[{\"id\":\"x\",\"type\":\"nope\"}]"));
        conforms("POST", "/events", app.post("/events", "text/plain", "hello"));
        // image analysis is off in this service (RunningMercator): the documented 404 that says so
        conforms("POST", "/analyze-image", app.postBytes("/analyze-image", "image/jpeg", new byte[] {1, 2, 3}));
        conforms("POST", "/ekyc-match", app.postBytes("/ekyc-match", "multipart/form-data; boundary=b", new byte[] {1}));
        conforms("GET", "/health/live", app.get("/health/live"));
        conforms("GET", "/health/ready", app.get("/health/ready"));
        conforms("GET", "/admin/models", admin("GET", "/admin/models", null));
        conforms("GET", "/admin/models", app.get("/admin/models"));
        conforms("GET", "/admin/models/history", admin("GET", "/admin/models/history", null));
        conforms("POST", "/admin/models/{version}/promote", admin("POST", "/admin/models/no-such/promote", null));
        conforms("GET", "/admin/canary", admin("GET", "/admin/canary", null));
        conforms("GET", "/admin/keys", admin("GET", "/admin/keys", null));
        conforms("GET", "/admin/releases", admin("GET", "/admin/releases", null));
        conforms("GET", "/admin/releases/{kind}", admin("GET", "/admin/releases/ranker", null));
        conforms("GET", "/admin/releases/{kind}", admin("GET", "/admin/releases/nope", null));
        conforms("POST", "/admin/releases/{kind}/switch", admin("POST", "/admin/releases/fraud/switch", null));
        conforms("POST", "/admin/releases/{kind}/shadow", admin("POST", "/admin/releases/ranker/shadow", "{}"));
        conforms("GET", "/admin/preview", admin("GET", "/admin/preview?surface=feed&user_id=user-00002&lat=13.75&lon=100.5", null));
        conforms("GET", "/admin/preview", admin("GET", "/admin/preview?surface=nope", null));
        eventually(Duration.ofSeconds(10), () -> !new JsonObject(admin("GET", "/admin/ops", null).body())
                .getJsonArray("samples").isEmpty());
        conforms("GET", "/admin/ops", admin("GET", "/admin/ops", null));
        conforms("GET", "/admin/ops", admin("GET", "/admin/ops?since=soon", null));

        String listing = app.mercator.catalog().listing("listing-000001").map(l -> l.id())
                .orElseGet(() -> new JsonObject(app.get("/search?q=iphone&lat=13.75&lon=100.5").body())
                        .getJsonArray("items").getJsonObject(0).getString("listing_id"));
        String flag = new JsonArray().add(new JsonObject().put("id", "flag-" + UUID.randomUUID())
                .put("type", "moderation.flagged").put("v", 1).put("ts", System.currentTimeMillis()).put("key", listing)
                .put("data", new JsonObject().put("reason", "cheap").put("risk", 0.7).put("source", "ranking-fraud-check")))
                .encode();
        assertThat(app.post("/events", "application/json", flag).statusCode()).isEqualTo(202);
        eventually(Duration.ofSeconds(5), () -> admin("GET", "/admin/moderation/items/" + listing + "~1", null)
                .statusCode() == 200);
        conforms("GET", "/admin/moderation/queue", admin("GET", "/admin/moderation/queue?state=pending", null));
        conforms("GET", "/admin/moderation/queue", admin("GET", "/admin/moderation/queue?state=nope", null));
        conforms("GET", "/admin/moderation/items/{id}", admin("GET", "/admin/moderation/items/" + listing + "~1", null));
        conforms("GET", "/admin/moderation/items/{id}", admin("GET", "/admin/moderation/items/nope", null));
        String decide = "/admin/moderation/items/" + listing + "~1/decision";
        conforms("POST", "/admin/moderation/items/{id}/decision", admin("POST", decide, "{\"decision\":\"approve\"}"));
        conforms("POST", "/admin/moderation/items/{id}/decision",
                admin("POST", decide, "{\"decision\":\"approve\",\"reason\":\"fine\"}"));
        conforms("POST", "/admin/moderation/items/{id}/decision",
                admin("POST", decide, "{\"decision\":\"remove\",\"reason\":\"second\"}"));
        conforms("POST", "/admin/overrides", admin("POST", "/admin/overrides",
                "{\"action\":\"ban_category\",\"target\":\"books\",\"reason\":\"test\"}"));
        conforms("GET", "/admin/overrides", admin("GET", "/admin/overrides", null));
        conforms("POST", "/admin/overrides/lift", admin("POST", "/admin/overrides/lift",
                "{\"action\":\"ban_category\",\"target\":\"books\",\"reason\":\"test over\"}"));
        conforms("POST", "/admin/overrides/lift", admin("POST", "/admin/overrides/lift",
                "{\"action\":\"ban_category\",\"target\":\"books\",\"reason\":\"again\"}"));
        conforms("GET", "/admin/audit", admin("GET", "/admin/audit", null));
        conforms("GET", "/admin/audit", admin("GET", "/admin/audit?limit=0", null));

        assertThat(checked).as("answers validated").hasSizeGreaterThan(30);
    }
}
