package io.mercator.ranking.pipeline;

import io.mercator.ranking.RankingFailure;
import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.RankingResult;
import io.mercator.ranking.RankingResult.Explanation;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.candidate.CandidateSource;
import io.mercator.ranking.filter.Filter;
import io.mercator.ranking.hydrator.FeatureHydrator;
import io.mercator.ranking.hydrator.Hydrated;
import io.mercator.ranking.hydrator.QueryHydrator;
import io.mercator.ranking.resilience.ComponentGuard;
import io.mercator.ranking.resilience.ComponentGuards;
import io.mercator.ranking.resilience.ComponentMetrics;
import io.mercator.ranking.resilience.Scheduler;
import io.mercator.ranking.scorer.Scored;
import io.mercator.ranking.scorer.Scorer;
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
import java.util.function.UnaryOperator;

/**
 * Runs one {@link Pipeline}, stage by stage, knowing no particular component: what a failure does
 * comes from each component's {@link ComponentSpec}. Every component's guard is built once here;
 * a component that can fall back gets the full stack (budget, breaker, bulkhead), one that fails
 * closed (pure code) gets metrics only. The whole run races the pipeline's budget: whichever
 * completes first is served, and side effects are applied to what was served, after the caller
 * got it.
 *
 * <p>Candidates travel as lists through each stage: one future per stage, never one per
 * candidate, and one batch per dependency call.
 */
public final class PipelineRunner {

    /** The {@code degraded} entry of a response served because the whole pipeline was over budget. */
    public static final ComponentId OVER_BUDGET = ComponentId.of("pipeline");

    private final Pipeline p;
    private final Scheduler scheduler;
    private final ComponentMetrics pipelineMetrics;
    private final Map<ComponentId, ComponentGuard> guards = new HashMap<>();
    private final Map<ComponentId, Component> owners = new HashMap<>();

    /** Each component guarded as its own spec says. */
    public PipelineRunner(Pipeline pipeline, ComponentGuards guardFactory, MeterRegistry meters, Scheduler scheduler) {
        this(pipeline, UnaryOperator.identity(), guardFactory, meters, scheduler);
    }

    /**
     * @param configured a component's spec as configured (its budget, its concurrency), from its default
     */
    public PipelineRunner(Pipeline pipeline, UnaryOperator<ComponentSpec> configured, ComponentGuards guardFactory,
                          MeterRegistry meters, Scheduler scheduler) {
        this.p = pipeline;
        this.scheduler = scheduler;
        this.pipelineMetrics = new ComponentMetrics(meters, ComponentId.of(pipeline.id().value() + "-pipeline"),
                pipeline.overBudget().id().value());
        for (Component c : pipeline.components()) {
            ComponentSpec spec = configured.apply(c.spec());
            ComponentGuard g = spec.recovers() ? guardFactory.guard(spec) : guardFactory.measure(spec);
            Component owner = owners.putIfAbsent(c.id(), c);
            if (owner == null) {
                guards.put(c.id(), g);
            } else {
                // one id, one breaker, one set of meters: two components sharing it would blur both
                throw RankingFailure.misconfigured("pipeline " + p.id() + " has two components with id " + c.id());
            }
        }
    }

    private ComponentGuard guardOf(Component c) {
        return guards.get(c.id());
    }

    public Pipeline pipeline() {
        return p;
    }

    /**
     * The response within the pipeline's budget, else the over-budget list marked degraded
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
        return hydrateQuery(query, 0, degraded)
                .compose(q -> recall(q, degraded)
                        .map(candidates -> filter(q, candidates))
                        .compose(candidates -> hydrate(q, Hydrated.without(candidates), 0, degraded))
                        .compose(h -> score(q, h, 0, degraded))
                        .compose(scored -> select(q, scored, degraded)));
    }

    private Future<RankingQuery> hydrateQuery(RankingQuery q, int i, Degradations degraded) {
        if (i == p.queryHydrators().size()) {
            return Future.succeededFuture(q);
        }
        QueryHydrator h = p.queryHydrators().get(i);
        return guardOf(h).callOr(() -> h.hydrate(q), () -> Future.succeededFuture(h.withoutIt(q)), degraded)
                .compose(next -> hydrateQuery(next, i + 1, degraded));
    }

    private record SourceResult(List<Candidate> candidates, boolean failed) {
    }

    private Future<List<Candidate>> recall(RankingQuery q, Degradations degraded) {
        List<Future<SourceResult>> calls = new ArrayList<>(p.sources().size());
        for (CandidateSource s : p.sources()) {
            calls.add(fetch(s, q, degraded));
        }
        List<Future<SourceResult>> supplements = new ArrayList<>(p.supplements().size());
        for (CandidateSource s : p.supplements()) {
            supplements.add(fetch(s, q, degraded));
        }
        return Future.all(Future.all(calls), Future.all(supplements)).compose(done -> {
            List<List<Candidate>> lists = new ArrayList<>(calls.size() + supplements.size());
            boolean allFailed = true;
            for (Future<SourceResult> f : calls) {
                lists.add(f.result().candidates());
                allFailed &= f.result().failed();
            }
            List<List<Candidate>> extra = new ArrayList<>(supplements.size());
            for (Future<SourceResult> f : supplements) {
                extra.add(f.result().candidates());
            }
            CandidateSource fallback = p.recallFallback();
            if (!allFailed || fallback == null) {
                lists.addAll(extra);
                return Future.succeededFuture(merge(q, lists));
            }
            return guardOf(fallback)
                    .callOr(() -> fallback.fetch(q), () -> Future.succeededFuture(List.<Candidate>of()), degraded)
                    .map(list -> {
                        List<List<Candidate>> found = new ArrayList<>(extra.size() + 1);
                        found.add(list);
                        found.addAll(extra);
                        return merge(q, found);
                    });
        });
    }

    private Future<SourceResult> fetch(CandidateSource s, RankingQuery q, Degradations degraded) {
        ComponentGuard g = guardOf(s);
        return g.call(() -> s.fetch(q)).transform(ar -> ar.succeeded()
                ? Future.succeededFuture(new SourceResult(ar.result(), false))
                : g.recover(ar.cause(), () -> Future.succeededFuture(new SourceResult(List.of(), true)), degraded));
    }

    private List<Candidate> merge(RankingQuery q, List<List<Candidate>> lists) {
        return guardOf(p.merge()).time(() -> p.merge().merge(q, lists));
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

    /** Each hydrator adds to what the last one gave; a failed one is skipped with its input passed on. */
    private Future<Hydrated> hydrate(RankingQuery q, Hydrated in, int i, Degradations degraded) {
        if (i == p.hydrators().size() || in.candidates().isEmpty()) {
            return Future.succeededFuture(in);
        }
        FeatureHydrator h = p.hydrators().get(i);
        return guardOf(h).callOr(() -> h.hydrate(q, in), () -> Future.succeededFuture(in), degraded)
                .compose(out -> hydrate(q, out, i + 1, degraded));
    }

    /**
     * The first scorer that applies scores; a failure falls to the next. When the last one fails too,
     * the candidates keep their recall order, and the response says what that is: the last scorer's
     * fallback name as its model version.
     */
    private Future<Scored> score(RankingQuery q, Hydrated h, int i, Degradations degraded) {
        List<Scorer> scorers = p.scorers();
        if (i == scorers.size()) {
            return Future.succeededFuture(new Scored(h.candidates(),
                    scorers.get(scorers.size() - 1).spec().failurePolicy().fallback()));
        }
        Scorer s = scorers.get(i);
        if (!s.appliesTo(q, h)) {
            return score(q, h, i + 1, degraded);
        }
        return guardOf(s).callOr(() -> s.score(q, h), () -> score(q, h, i + 1, degraded), degraded);
    }

    private Future<Served> select(RankingQuery q, Scored scored, Degradations degraded) {
        List<Candidate> ordered = scored.candidates();
        for (Selector s : p.selectors()) {
            List<Candidate> in = ordered;
            ordered = guardOf(s).time(() -> s.select(q, in));
        }
        List<Candidate> selected = ordered;
        List<Candidate> items = List.copyOf(selected.subList(0, Math.min(q.limit(), selected.size())));
        Future<List<Explanation>> explanations = p.explainer() == null || items.isEmpty()
                || !p.explainer().appliesTo(q)
                ? Future.succeededFuture(List.of())
                : guardOf(p.explainer()).callOr(() -> p.explainer().explain(q, items, scored.modelVersion()),
                        () -> Future.succeededFuture(List.of()), degraded);
        return explanations.map(ex -> new Served(q,
                result(q, scored.modelVersion(), degraded.list(), items, ex), items, selected));
    }

    /**
     * The over-budget source's list, filtered, in its own order: it has no personal scores, so its
     * rank score is the item's score and its id the response's model version.
     */
    private Future<Served> overBudget(RankingQuery q) {
        CandidateSource source = p.overBudget();
        Degradations degraded = new Degradations();
        degraded.add(OVER_BUDGET);
        String version = source.id().value();
        return guardOf(source)
                .callOr(() -> source.fetch(q), () -> Future.succeededFuture(List.<Candidate>of()), degraded)
                .map(list -> {
                    List<Candidate> kept = filter(q, merge(q, List.of(list)));
                    List<Candidate> items = new ArrayList<>(Math.min(q.limit(), kept.size()));
                    for (Candidate c : kept.subList(0, Math.min(q.limit(), kept.size()))) {
                        items.add(c.scored(null, null, c.recallScores().get(version, 0.0)));
                    }
                    return new Served(q, result(q, version, degraded.list(), items, List.of()), items, List.of());
                });
    }

    private static RankingResult result(RankingQuery q, String version, List<String> degraded, List<Candidate> items,
                                        List<Explanation> explanations) {
        List<RankingResult.Item> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Candidate c = items.get(i);
            out.add(new RankingResult.Item(c.listingId(), c.listing().title(), c.listing().price(), c.sellerId(),
                    c.distanceKm(), c.score(), c.pctr(), c.pcvr(), c.sponsored(),
                    c.placement() == null ? null : c.placement().campaignId(), i + 1));
        }
        return new RankingResult(q.requestId(), version, degraded, out, explanations);
    }
}
