package io.mercator.ranking;

import io.mercator.learning.ModelSelection;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mercator.learning.ClickModels;
import io.mercator.ranking.hydrator.CatalogSellerCounts;
import io.mercator.ranking.resilience.ComponentMetrics;
import io.mercator.ranking.resilience.Worker;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link Ranker} over a {@link Market} with recall and learning doubles, a manual clock and a
 * direct worker, so a whole request runs on the test's thread and time passes only on
 * {@link #advance}.
 */
final class RankingHarness {

    final Market market = new Market();
    final StallableStore store = new StallableStore(market.store);
    final ManualScheduler scheduler = new ManualScheduler();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** Opens after 4 calls of which half failed, and stays open for the test's lifetime. */
    final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
            .slidingWindowSize(4).minimumNumberOfCalls(4).failureRateThreshold(50)
            .waitDurationInOpenState(Duration.ofHours(1)).build());
    final KeywordRecallDouble keyword = new KeywordRecallDouble();
    final VectorRecallDouble vector = new VectorRecallDouble();
    final Map<String, float[]> userVectors = new HashMap<>();
    final ClickModelsDouble modelsDouble = new ClickModelsDouble();
    final AtomicReference<ClickModels> models = new AtomicReference<>(modelsDouble);
    /** Which models a buyer gets; by default everyone gets {@link #models}. */
    ModelSelection selection = ModelSelection.everyone(() -> Optional.ofNullable(models.get()));
    final RecordingEventLog log = new RecordingEventLog();
    RankingConfig config = RankingConfig.DEFAULTS;
    private Ranker ranker;
    private io.mercator.autoboost.BoostAgent boostAgent = market.boostAgent();

    /** The agent the sponsored slots ask. */
    io.mercator.autoboost.BoostAgent boostAgent() {
        return boostAgent;
    }

    /** The merge keeps {@code max} candidates, and each recall source asks for {@code perSource}. */
    static RankingConfig candidates(int max, int perSource) {
        RankingConfig c = RankingConfig.DEFAULTS.with("recall-merge", "maxCandidates", max);
        for (String source : List.of("keyword-recall", "vector-recall", "popular-in-region", "trending-globally")) {
            c = c.with(source, "limit", perSource);
        }
        return c;
    }

    RankingPorts ports() {
        return new RankingPorts(store, market.catalog, keyword, vector, new TextEmbedderDouble(),
                id -> Optional.ofNullable(userVectors.get(id)), selection,
                new FeatureVectorizerDouble(), log, CatalogSellerCounts.countedNow(market.catalog), boostAgent);
    }

    RankingRuntime runtime() {
        return new RankingRuntime(meters, breakers, TimeLimiterRegistry.ofDefaults(),
                BulkheadRegistry.ofDefaults(), scheduler, Worker.of(Runnable::run));
    }

    Ranker ranker() {
        if (ranker == null) {
            ranker = Ranker.create(ports(), runtime(), config);
        }
        return ranker;
    }

    RankingQuery feedQuery(String user, double[] at) {
        return RankingQuery.feed("req-1", user, at == null ? null : at[0], at == null ? null : at[1], null, "ios",
                market.now());
    }

    RankingQuery searchQuery(String text, double[] at) {
        return RankingQuery.search("req-1", "buyer", text, at == null ? null : at[0], at == null ? null : at[1],
                null, "android", market.now());
    }

    /** The result of a request that needs no time to pass. */
    RankingResult serve(RankingQuery q) {
        return done(start(q));
    }

    Future<RankingResult> start(RankingQuery q) {
        return q.surface() == Surface.FEED ? ranker().feed(q) : ranker().search(q);
    }

    static <T> T done(Future<T> f) {
        assertThat(f.isComplete()).as("request completed").isTrue();
        if (f.failed()) {
            throw new AssertionError("request failed", f.cause());
        }
        return f.result();
    }

    void advance(Duration d) {
        scheduler.advance(d);
    }

    double counter(String name, String component, String... tags) {
        var search = meters.find(name).tag(ComponentMetrics.TAG, component);
        for (int i = 0; i + 1 < tags.length; i += 2) {
            search = search.tag(tags[i], tags[i + 1]);
        }
        Counter c = search.counter();
        return c == null ? 0 : c.count();
    }

    double errors(String component, String cause) {
        return counter(ComponentMetrics.ERRORS, component, "cause", cause);
    }

    double fallbacks(String component) {
        return counter(ComponentMetrics.FALLBACKS, component);
    }

    CircuitBreaker.State breaker(String component) {
        return breakers.circuitBreaker(component).getState();
    }
}
