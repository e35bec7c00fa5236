package io.mercator.ranking;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedTimeLimiterMetrics;
import io.mercator.ranking.pipeline.PipelineRunner;
import io.mercator.ranking.resilience.ComponentGuards;
import io.vertx.core.Future;

import java.util.List;
import java.util.Map;

/**
 * The entry point the HTTP layer calls, from an event loop: nothing here blocks, heavy work goes
 * to the runtime's worker. Responses are never failed by a dependency being down (they come back
 * degraded); a failed future means a bad request ({@link RankingFailure.Category#CLIENT}) or a
 * bug or misconfiguration ({@link RankingFailure.Category#SERVER}).
 */
public final class Ranker {

    private final PipelineRunner feed;
    private final PipelineRunner search;
    private final CircuitBreakerRegistry breakers;
    private final Map<String, Map<String, Object>> knobDefaults;
    private final io.mercator.autoboost.BoostAgent boosts;

    private Ranker(PipelineRunner feed, PipelineRunner search, CircuitBreakerRegistry breakers,
                   Map<String, Map<String, Object>> knobDefaults, io.mercator.autoboost.BoostAgent boosts) {
        this.feed = feed;
        this.search = search;
        this.breakers = breakers;
        this.knobDefaults = knobDefaults;
        this.boosts = boosts;
    }

    /**
     * Builds both pipelines and binds the resilience registries' metrics to the meter registry.
     * Fails with a {@link RankingFailure} naming the key when a knob is unknown or out of range.
     */
    public static Ranker create(RankingPorts ports, RankingRuntime runtime, RankingConfig config) {
        Knobs knobs = config.knobs();
        RankingComponents components = new RankingComponents(ports, runtime, knobs);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(runtime.breakers()).bindTo(runtime.meters());
        TaggedTimeLimiterMetrics.ofTimeLimiterRegistry(runtime.timeLimiters()).bindTo(runtime.meters());
        TaggedBulkheadMetrics.ofBulkheadRegistry(runtime.bulkheads()).bindTo(runtime.meters());
        ComponentGuards guards = new ComponentGuards(runtime.meters(), runtime.breakers(), runtime.timeLimiters(),
                runtime.bulkheads(), runtime.scheduler());
        // each component's budget (and concurrency) as configured under its id
        PipelineRunner feed = new PipelineRunner(Pipelines.feed(components, config), knobs::spec, guards,
                runtime.meters(), runtime.scheduler());
        PipelineRunner search = new PipelineRunner(Pipelines.search(components, config), knobs::spec, guards,
                runtime.meters(), runtime.scheduler());
        knobs.finish();
        return new Ranker(feed, search, runtime.breakers(), knobs.defaults(), ports.boosts());
    }

    /** Every knob the pipelines read, with its default, by component id: what the defaults file shows. */
    public Map<String, Map<String, Object>> knobDefaults() {
        return knobDefaults;
    }

    /**
     * Runs the queries through their pipelines one after the other, answering nobody and without
     * the side effects (no impressions, no moderation flags), so that the JIT has compiled the
     * request path before the first buyer pays for it (cold, a request took hundreds of
     * milliseconds and could spend the pipeline budget). Then every circuit breaker is reset: a slow
     * cold call must not leave one open. The component meters count these calls like any other.
     */
    public Future<Void> warmUp(List<RankingQuery> queries) {
        Future<Void> chain = Future.succeededFuture();
        for (RankingQuery q : queries) {
            PipelineRunner runner = q.surface() == Surface.FEED ? feed : search;
            chain = chain.compose(v -> runner.run(q).map(this::unserved).<Void>mapEmpty()
                    .recover(e -> Future.succeededFuture()));
        }
        return chain.onComplete(ar -> breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset));
    }

    /**
     * The answer this query would get, without its side effects (no impressions, no moderation
     * flags) and without the overall budget: what the operations console shows as a buyer's feed
     * or search, so that looking at a buyer's feed does not count as showing it to them.
     */
    public Future<RankingResult> preview(RankingQuery query) {
        PipelineRunner runner = query.surface() == Surface.FEED ? feed : search;
        try {
            return runner.run(query).map(this::unserved).map(io.mercator.ranking.sideeffect.Served::result);
        } catch (RuntimeException e) {
            return Future.failedFuture(RankingFailure.bug("ranking failed: " + e, e));
        }
    }

    /** An answer nobody is shown (a warm-up, a preview): the sponsored charges it reserved are given back. */
    private io.mercator.ranking.sideeffect.Served unserved(io.mercator.ranking.sideeffect.Served served) {
        for (io.mercator.ranking.candidate.Candidate c : served.selected()) {
            if (c.placement() != null) {
                boosts.release(java.util.List.of(c.placement()));
            }
        }
        return served;
    }

    /** GET /feed. */
    public Future<RankingResult> feed(RankingQuery query) {
        if (query.surface() != Surface.FEED) {
            return Future.failedFuture(RankingFailure.badRequest("not a feed query: " + query.surface()));
        }
        return serve(feed, query);
    }

    /** GET /search. */
    public Future<RankingResult> search(RankingQuery query) {
        if (query.surface() != Surface.SEARCH) {
            return Future.failedFuture(RankingFailure.badRequest("not a search query: " + query.surface()));
        }
        return serve(search, query);
    }

    private static Future<RankingResult> serve(PipelineRunner runner, RankingQuery query) {
        try {
            return runner.serve(query).recover(e -> Future.failedFuture(
                    e instanceof RankingFailure ? e : RankingFailure.bug("ranking failed: " + e, e)));
        } catch (RuntimeException e) {
            return Future.failedFuture(RankingFailure.bug("ranking failed: " + e, e));
        }
    }
}
