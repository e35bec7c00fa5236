package io.mercator.ranking.resilience;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.mercator.ranking.RankingRuntime;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** A full bulkhead sheds the call but does not count against the component's circuit breaker. */
class LoadSheddingTest {

    @Test
    void shouldShedLoadWithoutOpeningTheBreaker() {
        CircuitBreaker breaker = CircuitBreaker.of("scorer", RankingRuntime.defaultBreakerConfig());
        Bulkhead bulkhead = Bulkhead.of("scorer", BulkheadConfig.custom().maxConcurrentCalls(1)
                .maxWaitDuration(Duration.ZERO).build());
        FutureDecorator stack = FutureDecorator.identity().within(new ConcurrencyLimit(bulkhead)).within(new Breaker(breaker));
        Promise<String> running = Promise.promise();
        Supplier<Future<String>> slow = stack.decorate(running::future);
        slow.get(); // holds the only permit

        for (int i = 0; i < 30; i++) {
            Future<String> shed = stack.<String>decorate(() -> Future.succeededFuture("x")).get();
            assertThat(shed.failed()).isTrue();
            assertThat(shed.cause()).isInstanceOf(BulkheadFullException.class);
        }

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        running.complete("done");
        assertThat(stack.<String>decorate(() -> Future.succeededFuture("ok")).get().result()).isEqualTo("ok");
    }
}
