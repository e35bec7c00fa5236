package io.mercator.ranking.scorer;

import io.mercator.catalog.CatalogView;
import io.mercator.catalog.SellerState;
import io.mercator.hydration.features.FeatureKeys;
import io.mercator.hydration.features.SellerTrust;
import io.mercator.hydration.store.FeatureRow;
import io.mercator.hydration.store.OnlineStore;
import io.mercator.learning.ClickModels;
import io.mercator.learning.ModelSelection;
import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.RankingResult.Explanation;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.pipeline.ComponentSpec;
import io.mercator.ranking.resilience.Worker;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For {@code explain=true}: SHAP contributions of every feature to pCTR and pCVR of the top items,
 * and how their sellers' trust was reached. Only the models that scored the response explain it
 * (models swapped in between would explain someone else's ranking); items scored without a model
 * get the trust breakdown only. Down or slow: the response goes out without explanations.
 */
public final class ScoreExplainer implements Explainer {

    public static final ComponentSpec SPEC = ComponentSpec.failOpen("explain", Duration.ofMillis(40),
            "no-explanations");

    private final ModelSelection models;
    private final OnlineStore store;
    private final CatalogView catalog;
    private final Worker worker;
    private final int top;

    /** @param top how many items, from the first, are explained */
    public ScoreExplainer(ModelSelection models, OnlineStore store, CatalogView catalog,
                          Worker worker, int top) {
        this.models = models;
        this.store = store;
        this.catalog = catalog;
        this.worker = worker;
        this.top = top;
    }

    @Override
    public Future<List<Explanation>> explain(RankingQuery query, List<Candidate> served, String modelVersion) {
        List<Candidate> explained = served.subList(0, Math.min(top, served.size()));
        List<String> keys = new ArrayList<>(explained.size());
        for (Candidate c : explained) {
            keys.add(FeatureKeys.seller(c.sellerId()));
        }
        // the buyer's own models: a canary buyer's ranking is explained by the canary model
        ClickModels m = models.forUser(query.userId()).filter(x -> x.version().equals(modelVersion)).orElse(null);
        return store.readHashes(keys).compose(sellerRows -> worker.submit(() -> {
            List<Explanation> out = new ArrayList<>(explained.size());
            for (int i = 0; i < explained.size(); i++) {
                Candidate c = explained.get(i);
                Map<String, Double> ctr = Map.of();
                Map<String, Double> cvr = Map.of();
                if (m != null && c.row() != null) {
                    ClickModels.Contributions shap = m.explain(c.row().values());
                    ctr = named(c.row().names(), shap.pctr());
                    cvr = named(c.row().names(), shap.pcvr());
                }
                out.add(new Explanation(c.listingId(), ctr, cvr,
                        SellerTrust.explain(signals(c.sellerId(), new FeatureRow(sellerRows.get(i))), query.nowMillis())));
            }
            return out;
        }));
    }

    private static Map<String, Double> named(List<String> names, double[] values) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), values[i]);
        }
        out.put("bias", values[names.size()]);
        return out;
    }

    /** The trust signals: the online store's seller row, the catalog where the row is missing. */
    private SellerTrust.Signals signals(String sellerId, FeatureRow row) {
        SellerState s = catalog.seller(sellerId).orElse(new SellerState(sellerId, null, 0, false, 0, false, false));
        return new SellerTrust.Signals(row.number(FeatureKeys.VERIFIED, s.verified() ? 1 : 0) > 0,
                (int) row.number(FeatureKeys.REPORTS, s.reports()),
                row.number(FeatureKeys.BANNED, s.banned() ? 1 : 0) > 0,
                (long) row.number(FeatureKeys.REGISTERED_AT, s.registeredAt()),
                (long) row.number(FeatureKeys.COMPLETED_ORDERS, 0));
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }
}
