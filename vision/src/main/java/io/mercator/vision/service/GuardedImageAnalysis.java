package io.mercator.vision.service;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * An image analysis behind a circuit breaker (resilience4j, named {@code image-analysis}): after
 * repeated failures it stops calling for a while and fails fast as {@link ImageAnalysis.Down} (a
 * 503 with Retry-After), so uploads do not queue behind a vision deployment that is gone. A bad
 * photo ({@link ImageAnalysis.Bad}) is the caller's fault and does not count. Counts each fallback
 * in {@code mercator.vision.fallbacks} by reason.
 */
public final class GuardedImageAnalysis implements ImageAnalysis {

    private final ImageAnalysis inner;
    private final CircuitBreaker breaker;
    private final MeterRegistry meters;

    public GuardedImageAnalysis(ImageAnalysis inner, MeterRegistry meters, Duration openFor) {
        this.inner = inner;
        this.meters = meters;
        this.breaker = CircuitBreaker.of("image-analysis", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED).slidingWindowSize(10)
                .minimumNumberOfCalls(5).failureRateThreshold(50).waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(2).ignoreExceptions(Bad.class).build());
    }

    public CircuitBreaker.State state() {
        return breaker.getState();
    }

    @Override
    public Future<JsonObject> analyze(byte[] photo) {
        return guarded(() -> inner.analyze(photo));
    }

    @Override
    public Future<JsonObject> matchFaces(byte[] idPhoto, byte[] selfie) {
        return guarded(() -> inner.matchFaces(idPhoto, selfie));
    }

    private Future<JsonObject> guarded(java.util.function.Supplier<Future<JsonObject>> call) {
        if (!breaker.tryAcquirePermission()) {
            fallback("breaker_open");
            return Future.failedFuture(new Down("image analysis is failing; the circuit breaker is open"));
        }
        long start = System.nanoTime();
        return call.get().andThen(ar -> {
            long took = System.nanoTime() - start;
            if (ar.succeeded()) {
                breaker.onSuccess(took, TimeUnit.NANOSECONDS);
            } else if (ar.cause() instanceof Bad) {
                breaker.releasePermission();
            } else {
                breaker.onError(took, TimeUnit.NANOSECONDS, ar.cause());
                fallback("down");
            }
        });
    }

    private void fallback(String reason) {
        Counter.builder("mercator.vision.fallbacks").description("image analysis calls that fell back")
                .tag("reason", reason).register(meters).increment();
    }
}
