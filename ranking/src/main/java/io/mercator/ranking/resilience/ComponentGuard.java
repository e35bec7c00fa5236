package io.mercator.ranking.resilience;

import io.mercator.ranking.pipeline.ComponentSpec;
import io.mercator.ranking.pipeline.ComponentId;
import io.mercator.ranking.pipeline.Degradations;
import io.mercator.ranking.pipeline.FailurePolicy;
import io.vertx.core.Future;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One component's decorators, composed once, plus its failure policy: the only place a failure
 * turns into a fallback and a {@code degraded} entry.
 */
public final class ComponentGuard {

    private static final Logger LOG = LoggerFactory.getLogger(ComponentGuard.class);

    private final ComponentId id;
    private final FailurePolicy policy;
    private final ComponentMetrics metrics;
    private final FutureDecorator decorators;

    ComponentGuard(ComponentSpec spec, ComponentMetrics metrics, FutureDecorator decorators) {
        this.id = spec.id();
        this.policy = spec.failurePolicy();
        this.metrics = metrics;
        this.decorators = decorators;
    }

    public ComponentId id() {
        return id;
    }

    /** The call with every decorator; failures are returned, not replaced. */
    public <T> Future<T> call(Supplier<Future<T>> call) {
        return decorators.decorate(call).get();
    }

    /**
     * The call with every decorator; on failure, the fallback (recorded in {@code degraded} and the
     * fallback counter) unless the component fails closed, in which case the failure propagates.
     */
    public <T> Future<T> callOr(Supplier<Future<T>> call, Supplier<Future<T>> fallback, Degradations degraded) {
        return call(call).recover(failure -> recover(failure, fallback, degraded));
    }

    /** Records a fallback and returns it; for stages that decide themselves when to fall back. */
    public <T> Future<T> recover(Throwable failure, Supplier<Future<T>> fallback, Degradations degraded) {
        if (!policy.recovers()) {
            return Future.failedFuture(failure);
        }
        degraded.add(id);
        metrics.countFallback();
        if (LOG.isDebugEnabled()) {
            LOG.atDebug().addKeyValue("component", id.value()).addKeyValue("fallback", policy.fallback())
                    .addKeyValue("cause", failure.toString()).log("component fell back");
        }
        return FutureDecorator.invoke(fallback);
    }

    /** Times a synchronous component; its failure is a bug and propagates. */
    public <T> T time(Supplier<T> work) {
        return metrics.time(work);
    }
}
