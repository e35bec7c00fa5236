package io.mercator.ranking.scorer;

import io.mercator.catalog.CatalogView;
import io.mercator.learning.ClickModels;
import io.mercator.learning.ModelSelection;
import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.hydrator.Hydrated;
import io.mercator.ranking.pipeline.ComponentSpec;
import io.mercator.ranking.resilience.Worker;
import io.mercator.ranking.selector.SponsoredSlots;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * pCTR and pCVR from the LightGBM pair in one batch prediction on the worker, combined with the
 * seller's trust and the boost by {@link ScoringWeights}. Its concurrency is bounded (the worker
 * threads are few and a prediction holds one for milliseconds); absent, failing, slow or shed:
 * popularity order, and the response says {@code scorer} degraded.
 */
public final class ClickModelScorer implements Scorer {

    /** LightGBM holds a worker thread for milliseconds: at most 64 predictions in flight, the rest shed. */
    public static final ComponentSpec SPEC = ComponentSpec.fallbackTo("scorer", Duration.ofMillis(50),
            "popularity-order").withMaxConcurrentCalls(64);

    private final ModelSelection models;
    private final ScoringWeights weights;
    private final CatalogView catalog;
    private final Worker worker;

    /**
     * @param models the models for the request's buyer, if any (swapped when retrained or promoted;
     *               a canary buyer gets the staging model)
     */
    public ClickModelScorer(ModelSelection models, ScoringWeights weights, CatalogView catalog,
                            Worker worker) {
        this.models = models;
        this.weights = weights;
        this.catalog = catalog;
        this.worker = worker;
    }

    @Override
    public Future<Scored> score(RankingQuery query, Hydrated hydrated) {
        Optional<ClickModels> loaded = models.forUser(query.userId());
        if (loaded.isEmpty()) {
            return Future.failedFuture(new ModelsUnavailableException("no click models loaded"));
        }
        if (!hydrated.hasRows()) {
            return Future.failedFuture(new IllegalStateException("no feature rows to score"));
        }
        ClickModels m = loaded.get();
        if (!m.featureNames().equals(hydrated.featureNames())) {
            // a model trained on another row layout would read the wrong columns: refuse it
            return Future.failedFuture(new IllegalStateException("model " + m.version()
                    + " expects features " + m.featureNames() + " but rows have " + hydrated.featureNames()));
        }
        List<Candidate> candidates = hydrated.candidates();
        return worker.submit(() -> m.predict(hydrated.rows(), candidates.size()))
                .map(p -> {
                    Scored scored = combine(candidates, p, m.version());
                    // a shadow candidate, if one runs, scores the same rows on its own thread
                    models.shadow().served(query.requestId(), m, hydrated.rows(), candidates.size(), p,
                            () -> candidates.stream().map(Candidate::listingId).toList());
                    return scored;
                });
    }

    private Scored combine(List<Candidate> candidates, ClickModels.Predictions p, String version) {
        if (p.pctr().length != candidates.size() || p.pcvr().length != candidates.size()) {
            throw new IllegalStateException("model " + version + " returned " + p.pctr().length + "/"
                    + p.pcvr().length + " predictions for " + candidates.size() + " rows");
        }
        List<Candidate> out = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            double ctr = p.pctr()[i];
            double cvr = p.pcvr()[i];
            if (!Double.isFinite(ctr) || !Double.isFinite(cvr)) {
                throw new IllegalStateException("model " + version + " predicted a non-finite value");
            }
            double score = weights.combine(ctr, cvr, c.features().sellerTrustScore(),
                    SponsoredSlots.isBoosted(c, catalog));
            out.add(c.scored(ctr, cvr, score));
        }
        return new Scored(out, version);
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }
}
