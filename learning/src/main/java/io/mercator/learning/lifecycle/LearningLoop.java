package io.mercator.learning.lifecycle;

import io.mercator.events.log.EventLog;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the learning loop's periodic work on workers: the canary check (and the meters' refresh)
 * every canary interval, the retraining check every retraining interval. A check still running
 * when its next tick comes is not started twice.
 */
public final class LearningLoop {

    private static final Logger LOG = LoggerFactory.getLogger(LearningLoop.class);

    private final ModelLifecycle lifecycle;
    private final LearningLoopMetrics metrics;
    private final EventLog log;
    private final AtomicBoolean canaryBusy = new AtomicBoolean();
    private final AtomicBoolean retrainingBusy = new AtomicBoolean();

    public LearningLoop(ModelLifecycle lifecycle, LearningLoopMetrics metrics, EventLog log) {
        this.lifecycle = lifecycle;
        this.metrics = metrics;
        this.log = log;
    }

    /** Starts the timers; call once the models are booted. */
    public void start(Vertx vertx, int canaryIntervalSeconds, int retrainingIntervalSeconds, boolean retraining) {
        vertx.setPeriodic(canaryIntervalSeconds * 1000L, id -> once(vertx, canaryBusy, () -> {
            lifecycle.checkCanary();
            metrics.refresh();
        }));
        if (retraining) {
            vertx.setPeriodic(retrainingIntervalSeconds * 1000L, id -> once(vertx, retrainingBusy, () -> {
                lifecycle.maybeRetrain(log);
                metrics.refresh();
            }));
        }
    }

    private static void once(Vertx vertx, AtomicBoolean busy, Runnable work) {
        if (!busy.compareAndSet(false, true)) {
            return;
        }
        vertx.executeBlocking(() -> {
            work.run();
            return null;
        }, false).onComplete(ar -> {
            busy.set(false);
            if (ar.failed()) {
                LOG.atWarn().addKeyValue("error", ar.cause().toString()).log("learning loop check failed");
            }
        });
    }
}
