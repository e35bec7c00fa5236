package io.mercator.ranking;

import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedTimeLimiterMetrics;
import io.mercator.ranking.pipeline.PipelineRunner;
import io.mercator.ranking.resilience.ComponentGuards;
import io.vertx.core.Future;

/**
 * The entry point the HTTP layer calls, from an event loop: nothing here blocks, heavy work goes
 * to the runtime's worker. Responses are never failed by a dependency being down (they come back
 * degraded); a failed future means a bad request ({@link RankingFailure.Category#CLIENT}) or a
 * bug or misconfiguration ({@link RankingFailure.Category#SERVER}).
 */
public final class Ranker {

    private final PipelineRunner feed;
    private final PipelineRunner search;

    private Ranker(PipelineRunner feed, PipelineRunner search) {
        this.feed = feed;
        this.search = search;
    }

    /** Builds both pipelines and binds the resilience registries' metrics to the meter registry. */
    public static Ranker create(RankingPorts ports, RankingRuntime runtime, RankingConfig config) {
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(runtime.breakers()).bindTo(runtime.meters());
        TaggedTimeLimiterMetrics.ofTimeLimiterRegistry(runtime.timeLimiters()).bindTo(runtime.meters());
        TaggedBulkheadMetrics.ofBulkheadRegistry(runtime.bulkheads()).bindTo(runtime.meters());
        ComponentGuards guards = new ComponentGuards(runtime.meters(), runtime.breakers(), runtime.timeLimiters(),
                runtime.bulkheads(), runtime.scheduler());
        return new Ranker(
                new PipelineRunner(Pipelines.feed(ports, runtime, config), guards, runtime.meters(), runtime.scheduler()),
                new PipelineRunner(Pipelines.search(ports, runtime, config), guards, runtime.meters(),
                        runtime.scheduler()));
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
