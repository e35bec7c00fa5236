package io.mercator.service.admin;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits, on the Vert.x timer, until a projection shows what an appended event did: an admin
 * action answers once it is in effect, not merely in the log.
 */
final class Applied {

    /** How long an answer waits for the projections; they apply within tens of milliseconds. */
    static final Duration WAIT = Duration.ofSeconds(3);

    private Applied() {
    }

    /** True once the condition holds; false when {@link #WAIT} passed first. */
    static Future<Boolean> when(Vertx vertx, BooleanSupplier condition) {
        if (condition.getAsBoolean()) {
            return Future.succeededFuture(true);
        }
        Promise<Boolean> done = Promise.promise();
        long deadline = System.nanoTime() + WAIT.toNanos();
        vertx.setPeriodic(10, id -> {
            if (condition.getAsBoolean()) {
                vertx.cancelTimer(id);
                done.tryComplete(true);
            } else if (System.nanoTime() > deadline) {
                vertx.cancelTimer(id);
                done.tryComplete(false);
            }
        });
        return done.future();
    }
}
