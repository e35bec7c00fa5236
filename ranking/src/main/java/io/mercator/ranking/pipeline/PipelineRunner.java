package io.mercator.ranking.pipeline;

import io.mercator.ranking.RankingFailure;
import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.RankingResult;
import io.mercator.ranking.RankingResult.Explanation;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.candidate.CandidateSource;
import io.mercator.ranking.filter.Filter;
import io.mercator.ranking.hydrator.Hydrated;
import io.mercator.ranking.hydrator.UserFeaturesHydrator;
import io.mercator.ranking.resilience.ComponentGuard;
import io.mercator.ranking.resilience.ComponentGuards;
import io.mercator.ranking.resilience.ComponentMetrics;
import io.mercator.ranking.resilience.Scheduler;
import io.mercator.ranking.scorer.PopularityScorer;
import io.mercator.ranking.scorer.Scored;
import io.mercator.ranking.selector.Selector;
import io.mercator.ranking.sideeffect.Served;
import io.mercator.ranking.sideeffect.SideEffect;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one {@link Pipeline}. Every component's guard is built once here; a request only chains
 * futures through them. The whole run races the pipeline's budget: whichever completes first is
 * served, and side effects are applied to what was served, after the caller got it.
 *
 * <p>Candidates travel as lists through each stage: one future per stage, never one per
 * candidate, and one batch per dependency call.
 */
public final class PipelineRunner {

    /** The {@code degraded} entry of a response served because the whole pipeline was over budget. */
    public static final ComponentId OVER_BUDGET = ComponentId.of("pipeline");
    public static final String TRENDING_VERSION = "trending";

    private final Pipeline p;
    private final Scheduler scheduler;
    private final ComponentMetrics pipelineMetrics;
    private final Map<ComponentId, ComponentGuard> guards = new HashMap<>();
    private final Map<ComponentId, Component> owners = new HashMap<>();

    public PipelineRunner(Pipeline pipeline, ComponentGuards guardFactory, MeterRegistry meters, Scheduler scheduler) {
        this.p = pipeline;
        this.scheduler = scheduler;
        this.pipelineMetrics = new ComponentMetrics(meters, ComponentId.of(pipeline.id().value() + "-pipeline"),
                pipeline.overBudget().id().value());
        guard(guardFactory, pipeline.queryHydrator());
        pipeline.sources().forEach(s -> guard(guardFactory, s));
        guard(guardFactory, pipeline.recallFallback());
        guard(guardFactory, pipeline.hydrator());
        guard(guardFactory, pipeline.scorer());
        guard(guardFactory, pipeline.fallbackScorer());
        guard(guardFactory, pipeline.explainer());
        guard(guardFactory, pipeline.overBudget());
        pipeline.sideEffects().forEach(s -> guard(guardFactory, s));
        pipeline.filters().forEach(f -> measure(guardFactory, f));
        pipeline.selectors().forEach(s -> measure(guardFactory, s));
        measure(guardFactory, pipeline.fraudRisk());
    }

    private void guard(ComponentGuards factory, Component c) {
        register(c, factory.guard(c));
    }

    private void measure(ComponentGuards factory, Component c) {
        register(c, factory.measure(c));
    }

    private void register(Component c, ComponentGuard g) {
        Component owner = owners.putIfAbsent(c.id(), c);
        if (owner == null) {
            guards.put(c.id(), g);
        } else if (owner != c) {
            // one id, one breaker, one set of meters: two components sharing it would blur both
            throw RankingFailure.misconfigured("pipeline " + p.id() + " has two components with id " + c.id());
        }
    }

    private ComponentGuard guardOf(Component c) {
        return guards.get(c.id());
    }

    public Pipeline pipeline() {
        return p;
    }

    /**
     * The response within the pipeline's budget, else the trending list marked degraded
     * {@code ["pipeline"]}. Side effects run on whichever was served, after the caller's handlers.
     */
    public Future<RankingResult> serve(RankingQuery query) {
        Promise<Served> served = Promise.promise();
        AtomicBoolean decided = new AtomicBoolean();
        long started = System.nanoTime();
        Scheduler.Timer budget = scheduler.schedule(p.budget(), () -> {
            if (decided.compareAndSet(false, true)) {
                pipelineMetrics.countFallback();
                overBudget(query).onComplete(served);
            }
        });
        run(query).onComplete(ar -> {
            if (decided.compareAndSet(false, true)) {
                budget.cancel();
                served.handle(ar);
            }
        });
        // mapped first, so the caller's handlers run before the side effects are even started
        Future<RankingResult> response = served.future().map(Served::result);
        served.future().onSuccess(this::applySideEffects);
        served.future().onComplete(ar -> pipelineMetrics.recordNanos(System.nanoTime() - started));
        return response;
    }

    private void applySideEffects(Served s) {
        for (SideEffect effect : p.sideEffects()) {
            guardOf(effect).callOr(() -> effect.apply(s), Future::succeededFuture, new Degradations());
        }
    }

    /** The full pipeline, without the overall budget. */
    public Future<Served> run(RankingQuery query) {
        Degradations degraded = new Degradations();
        return guardOf(p.queryHydrator())
                .callOr(() -> p.queryHydrator().hydrate(query),
                        () -> Future.succeededFuture(UserFeaturesHydrator.asUnknown(query)), degraded)
                .compose(q -> recall(q, degraded)
                        .map(candidates -> filter(q, candidates))
                        .compose(candidates -> hydrate(q, candidates, degraded))
                        .map(h -> guardOf(p.fraudRisk()).time(() -> p.fraudRisk().hydrate(q, h)))
                        .compose(h -> score(q, h, degraded))
                        .compose(scored -> select(q, scored, degraded)));
    }

    private record SourceResult(List<Candidate> candidates, boolean failed) {
    }

    private Future<List<Candidate>> recall(RankingQuery q, Degradations degraded) {
        List<Future<SourceResult>> calls = new ArrayList<>(p.sources().size());
        for (CandidateSource s : p.sources()) {
            ComponentGuard g = guardOf(s);
            calls.add(g.call(() -> s.fetch(q)).transform(ar -> ar.succeeded()
                    ? Future.succeededFuture(new SourceResult(ar.result(), false))
                    : g.recover(ar.cause(), () -> Future.succeededFuture(new SourceResult(List.of(), true)), degraded)));
        }
        return Future.all(calls).compose(done -> {
            List<List<Candidate>> lists = new ArrayList<>(calls.size());
            boolean allFailed = !calls.isEmpty();
            for (Future<SourceResult> f : calls) {
                lists.add(f.result().candidates());
                allFailed &= f.result().failed();
            }
            if (!allFailed) {
                return Future.succeededFuture(p.merge().merge(q, lists));
            }
            CandidateSource fallback = p.recallFallback();
            return guardOf(fallback)
                    .callOr(() -> fallback.fetch(q), () -> Future.succeededFuture(List.<Candidate>of()), degraded)
                    .map(list -> p.merge().merge(q, List.of(list)));
        });
    }

    /** Applies the filters in order; public for the over-budget path, which must filter too. */
    public List<Candidate> filter(RankingQuery q, List<Candidate> candidates) {
        List<Candidate> kept = candidates;
        for (Filter f : p.filters()) {
            List<Candidate> in = kept;
            kept = guardOf(f).time(() -> f.apply(q, in)).kept();
        }
        return kept;
    }

    private Future<Hydrated> hydrate(RankingQuery q, List<Candidate> candidates, Degradations degraded) {
        if (candidates.isEmpty()) {
            return Future.succeededFuture(Hydrated.without(candidates));
        }
        return guardOf(p.hydrator()).callOr(() -> p.hydrator().hydrate(q, candidates),
                () -> Future.succeededFuture(Hydrated.without(candidates)), degraded);
    }

    private Future<Scored> score(RankingQuery q, Hydrated h, Degradations degraded) {
        if (!h.hasRows()) {
            // no features: the models have nothing to read, and hydration already says degraded
            return popularity(q, h, degraded);
        }
        return guardOf(p.scorer()).callOr(() -> p.scorer().score(q, h), () -> popularity(q, h, degraded), degraded);
    }

    private Future<Scored> popularity(RankingQuery q, Hydrated h, Degradations degraded) {
        return guardOf(p.fallbackScorer()).callOr(() -> p.fallbackScorer().score(q, h),
                () -> Future.succeededFuture(PopularityScorer.recallOrder(h.candidates())), degraded);
    }

    private Future<Served> select(RankingQuery q, Scored scored, Degradations degraded) {
        List<Candidate> ordered = scored.candidates();
        for (Selector s : p.selectors()) {
            List<Candidate> in = ordered;
            ordered = guardOf(s).time(() -> s.select(q, in));
        }
        List<Candidate> borderline = new ArrayList<>();
        for (Candidate c : ordered) {
            if (p.fraudScreen().isBorderline(c)) {
                borderline.add(c);
            }
        }
        List<Candidate> items = List.copyOf(ordered.subList(0, Math.min(q.limit(), ordered.size())));
        Future<List<Explanation>> explanations = !q.explain() || items.isEmpty()
                ? Future.succeededFuture(List.of())
                : guardOf(p.explainer()).callOr(() -> p.explainer().explain(q, items, scored.modelVersion()),
                        () -> Future.succeededFuture(List.of()), degraded);
        return explanations.map(ex -> new Served(q,
                result(q, scored.modelVersion(), degraded.list(), items, ex), items, borderline));
    }

    private Future<Served> overBudget(RankingQuery q) {
        CandidateSource trending = p.overBudget();
        Degradations degraded = new Degradations();
        degraded.add(OVER_BUDGET);
        return guardOf(trending)
                .callOr(() -> trending.fetch(q), () -> Future.succeededFuture(List.<Candidate>of()), degraded)
                .map(list -> {
                    // the trending list has no personal scores: its rank score is all there is
                    List<Candidate> kept = filter(q, p.merge().merge(q, List.of(list)));
                    List<Candidate> items = new ArrayList<>(Math.min(q.limit(), kept.size()));
                    for (Candidate c : kept.subList(0, Math.min(q.limit(), kept.size()))) {
                        items.add(c.scored(null, null, c.recallScores().get(trending.id().value(), 0.0)));
                    }
                    return new Served(q, result(q, TRENDING_VERSION, degraded.list(), items, List.of()), items,
                            List.of());
                });
    }

    private static RankingResult result(RankingQuery q, String version, List<String> degraded, List<Candidate> items,
                                        List<Explanation> explanations) {
        List<RankingResult.Item> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Candidate c = items.get(i);
            out.add(new RankingResult.Item(c.listingId(), c.listing().title(), c.listing().price(), c.sellerId(),
                    c.distanceKm(), c.score(), c.pctr(), c.pcvr(), c.sponsored(), i + 1));
        }
        return new RankingResult(q.requestId(), version, degraded, out, explanations);
    }
}
