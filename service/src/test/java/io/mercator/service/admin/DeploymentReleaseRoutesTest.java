package io.mercator.service.admin;

import io.mercator.release.ReleaseUnavailable;
import io.mercator.release.RemoteModelRelease;
import io.mercator.service.access.KeyRing;
import io.mercator.service.access.Role;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How the service's client of a deployment's release controls ({@link RemoteModelRelease}) reads
 * the answers a deployment can give besides a release: a deployment with no event log (503 with
 * its reason), a key it does not hold (403), and nobody listening. Each is "unavailable", never a
 * 500 or a made-up release; the running pair (service and deployment on Kafka) is in
 * {@code TextServiceRemoteTest} and {@code VisionServiceRemoteTest}.
 */
class DeploymentReleaseRoutesTest {

    private static final String KEY = "deployment-admin-key-0123456789";

    private Vertx vertx;
    private HttpServer server;
    private String url;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route("/admin/*").subRouter(ReleaseRoutes.deploymentRouter(vertx,
                new KeyRing<Role>().add("admin", KEY, Role.ADMIN), Optional.empty(),
                "releases of the text model are written to the event log, and this deployment reads none"));
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        url = "http://127.0.0.1:" + server.actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aDeploymentWithoutAnEventLogIsUnavailableWithItsReason() {
        RemoteModelRelease text = new RemoteModelRelease("text", url, "the text deployment", () -> KEY, Duration.ofSeconds(5));
        assertThatThrownBy(text::status).isInstanceOf(ReleaseUnavailable.class)
                .hasMessageContaining("answered 503").hasMessageContaining("reads none");
        assertThatThrownBy(() -> text.startShadow("t-2", "ops", "try")).isInstanceOf(ReleaseUnavailable.class)
                .hasMessageContaining("reads none");
    }

    @Test
    void aKeyTheDeploymentDoesNotHoldIsUnavailableAndSaysSo() {
        RemoteModelRelease text = new RemoteModelRelease("text", url, "the text deployment",
                () -> "another-key-0123456789abcdef", Duration.ofSeconds(5));
        assertThatThrownBy(text::status).isInstanceOf(ReleaseUnavailable.class)
                .hasMessageContaining("refused this service's admin key (403");
        RemoteModelRelease noKey = new RemoteModelRelease("text", url, "the text deployment", () -> null, Duration.ofSeconds(5));
        assertThatThrownBy(noKey::status).isInstanceOf(ReleaseUnavailable.class).hasMessageContaining("admin.apiKey");
    }

    @Test
    void nobodyListeningIsUnavailable() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        RemoteModelRelease image = new RemoteModelRelease("image", "http://127.0.0.1:" + free, "the image deployment",
                () -> KEY, Duration.ofSeconds(5));
        assertThatThrownBy(() -> image.end("ops", "done")).isInstanceOf(ReleaseUnavailable.class)
                .hasMessageContaining("cannot be reached");
    }
}
