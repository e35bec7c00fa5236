package io.mercator.nlp.service;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.mercator.nlp.TextInput;
import io.mercator.nlp.TextReport;
import io.mercator.nlp.reply.AutoReply;
import io.mercator.nlp.reply.ListingFacts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A text analysis behind a circuit breaker (resilience4j, named {@code text-analysis}): after
 * repeated failures it stops calling for a while and fails fast as {@link TextAnalysis.Down}, so
 * a caller falls back at once. A refused request ({@link TextRequests.Bad}) is the caller's fault
 * and does not count. Counts each fallback in {@code mercator.text.fallbacks} by reason.
 */
public final class GuardedTextAnalysis implements TextAnalysis {

    private final TextAnalysis inner;
    private final CircuitBreaker breaker;
    private final MeterRegistry meters;

    public GuardedTextAnalysis(TextAnalysis inner, MeterRegistry meters, Duration openFor) {
        this.inner = inner;
        this.meters = meters;
        this.breaker = CircuitBreaker.of("text-analysis", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED).slidingWindowSize(10)
                .minimumNumberOfCalls(5).failureRateThreshold(50).waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(2).ignoreExceptions(TextRequests.Bad.class).build());
    }

    public CircuitBreaker.State state() {
        return breaker.getState();
    }

    @Override
    public Future<List<TextReport>> analyze(List<TextInput> texts) {
        return guarded(() -> inner.analyze(texts));
    }

    @Override
    public Future<AutoReply.Replies> suggest(String message, String listingId, ListingFacts facts) {
        return guarded(() -> inner.suggest(message, listingId, facts));
    }

    private <T> Future<T> guarded(Supplier<Future<T>> call) {
        if (!breaker.tryAcquirePermission()) {
            fallback("breaker_open");
            return Future.failedFuture(new Down("text analysis is failing; the circuit breaker is open"));
        }
        long start = System.nanoTime();
        return call.get().andThen(ar -> {
            long took = System.nanoTime() - start;
            if (ar.succeeded()) {
                breaker.onSuccess(took, TimeUnit.NANOSECONDS);
            } else if (ar.cause() instanceof TextRequests.Bad) {
                breaker.releasePermission();
            } else {
                breaker.onError(took, TimeUnit.NANOSECONDS, ar.cause());
                fallback(ar.cause() instanceof CallNotPermittedException ? "breaker_open" : "down");
            }
        });
    }

    private void fallback(String reason) {
        Counter.builder("mercator.text.fallbacks").description("text analysis calls that fell back")
                .tag("reason", reason).register(meters).increment();
    }
}
