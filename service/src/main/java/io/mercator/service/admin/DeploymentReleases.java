package io.mercator.service.admin;

import io.mercator.events.log.EventLog;
import io.mercator.release.ModelRelease;
import io.mercator.release.ReleaseEvents;
import io.mercator.release.Releases;
import io.mercator.release.ShadowRunner;
import io.mercator.service.access.AccessKeys;
import io.mercator.service.config.MercatorConfig;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The release controls of a text or image deployment ({@code mercator nlp}, {@code mercator vision}),
 * mounted at {@code /admin/releases/...} behind the admin keys configuration names (the service
 * calls them with its {@code admin.apiKey}). The shadow runs here, next to the model, on its own
 * thread and CPU budget ({@code releases.*}); transitions and shadow answers are written to the
 * event log the deployment was given. Without one, the routes answer 503 saying why. Wiring only.
 */
public final class DeploymentReleases implements AutoCloseable {

    /** Makes the kind's release control from the deployment's shadow runner and event writer. */
    @FunctionalInterface
    public interface Control {
        ModelRelease create(ShadowRunner runner, ReleaseEvents events, Clock clock);
    }

    private final ShadowRunner runner;

    private DeploymentReleases(ShadowRunner runner) {
        this.runner = runner;
    }

    /**
     * Mounts the routes on {@code router} under {@code /admin}.
     *
     * @param log  the event log, or null when the deployment reads none
     * @param kind the model kind, for the message when there is no log
     */
    public static DeploymentReleases mount(Vertx vertx, Router router, MercatorConfig config, EventLog log, String kind,
                                           Control control) {
        ShadowRunner runner = null;
        Optional<Releases> releases = Optional.empty();
        if (log != null) {
            runner = new ShadowRunner(config.releases().shadowQueue(), config.releases().shadowCoreShare());
            releases = Optional.of(new Releases(List.of(control.create(runner, new ReleaseEvents(log, Clock.systemUTC()),
                    Clock.systemUTC()))));
        }
        router.route("/admin/*").subRouter(ReleaseRoutes.deploymentRouter(vertx, AccessKeys.configuredAdmins(config), releases,
                "releases of the " + kind + " model are written to the event log, and this deployment reads none: "
                        + "run it on Kafka (log.backend: kafka), without --no-log"));
        return new DeploymentReleases(runner);
    }

    @Override
    public void close() {
        if (runner != null) {
            runner.close();
        }
    }
}
