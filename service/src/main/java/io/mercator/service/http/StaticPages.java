package io.mercator.service.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * What the service serves besides the API: the OpenAPI document ({@code /openapi.json}, from the
 * YAML source kept beside this class), Swagger UI to read and try it ({@code /docs}), and the
 * operations console ({@code /console}). Their scripts come from webjars on the classpath (uPlot,
 * Swagger UI) and the console's own files: nothing is fetched from elsewhere at run time.
 */
final class StaticPages {

    /** Console pages may load only what this service serves. */
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

    private final Buffer openapi = Buffer.buffer(openapiJson());
    private final Buffer docs = Buffer.buffer(docsPage());
    private final Buffer console = Buffer.buffer(consolePage());

    void mount(Router router) {
        router.get("/openapi.json").handler(ctx -> send(ctx, "application/json; charset=utf-8", openapi));
        router.get("/docs").handler(ctx -> send(ctx, "text/html; charset=utf-8", docs));
        router.get("/console").handler(ctx -> {
            ctx.response().putHeader("Content-Security-Policy", CSP);
            send(ctx, "text/html; charset=utf-8", console);
        });
        router.get("/console/*").handler(StaticHandler.create("io/mercator/service/console").setCachingEnabled(false));
        router.get("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
    }

    private static void send(RoutingContext ctx, String type, Buffer body) {
        ctx.response().putHeader("content-type", type).putHeader("X-Content-Type-Options", "nosniff").end(body);
    }

    /** The document as JSON; its source is YAML, which is easier to read and review. */
    static String openapiJson() {
        ObjectMapper yaml = JsonMapper.builder(new YAMLFactory()).build();
        try (InputStream in = StaticPages.class.getResourceAsStream("openapi.yaml")) {
            return new ObjectMapper().writeValueAsString(yaml.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("the OpenAPI document is unreadable", e);
        }
    }

    private static String docsPage() {
        String v = webjarVersion("org.webjars", "swagger-ui");
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Mercator API</title>
                <link rel="stylesheet" href="/webjars/swagger-ui/%1$s/swagger-ui.css"></head>
                <body><div id="swagger-ui"></div>
                <script src="/webjars/swagger-ui/%1$s/swagger-ui-bundle.js"></script>
                <script src="/console/docs.js"></script></body></html>
                """.formatted(v);
    }

    private static String consolePage() {
        try (InputStream in = StaticPages.class.getResourceAsStream("/io/mercator/service/console/index.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("UPLOT_VERSION", webjarVersion("org.webjars.npm", "uplot"));
        } catch (IOException e) {
            throw new UncheckedIOException("the console page is unreadable", e);
        }
    }

    /** A webjar's version, from its Maven properties: the pages name no version the build did not bring. */
    static String webjarVersion(String group, String artifact) {
        String path = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = StaticPages.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("webjar " + group + ":" + artifact + " is not on the classpath");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
