package io.mercator.ranking.hydrator;

import io.mercator.hydration.features.FeatureReader;
import io.mercator.hydration.features.ProductFeatures;
import io.mercator.learning.FeatureVectorizer;
import io.mercator.learning.RankingInputs;
import io.mercator.learning.RequestContext;
import io.mercator.ranking.GeoPoint;
import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.pipeline.ComponentSpec;
import io.mercator.ranking.resilience.Worker;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Product features and category average prices from the online store (two batched reads, issued
 * together), then the feature rows, built by the {@link FeatureVectorizer} training uses, on the
 * worker. Slower than its budget (100 ms) or down: candidates go on without features and are
 * scored by popularity.
 */
public final class OnlineFeatureHydrator implements FeatureHydrator {

    public static final ComponentSpec SPEC = ComponentSpec.fallbackTo("hydration", Duration.ofMillis(100),
            "popularity-scoring");

    private final FeatureReader reader;
    private final FeatureVectorizer vectorizer;
    private final Worker worker;
    private volatile List<String> names;

    public OnlineFeatureHydrator(FeatureReader reader, FeatureVectorizer vectorizer, Worker worker) {
        this.reader = reader;
        this.vectorizer = vectorizer;
        this.worker = worker;
    }

    @Override
    public Future<Hydrated> hydrate(RankingQuery query, Hydrated in) {
        List<Candidate> candidates = in.candidates();
        List<String> ids = new ArrayList<>(candidates.size());
        Set<String> categories = new LinkedHashSet<>();
        for (Candidate c : candidates) {
            ids.add(c.listingId());
            categories.add(c.listing().category());
        }
        Future<List<ProductFeatures>> products = reader.products(ids, query.nowMillis());
        Future<Map<String, Double>> prices = reader.averageCategoryPrices(List.copyOf(categories));
        return Future.all(products, prices).compose(done ->
                worker.submit(() -> rows(query, candidates, products.result(), prices.result())));
    }

    private Hydrated rows(RankingQuery query, List<Candidate> candidates, List<ProductFeatures> products,
                          Map<String, Double> prices) {
        List<String> titles = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            titles.add(c.listing().title());
        }
        GeoPoint at = query.origin().orElse(null);
        RequestContext context = new RequestContext(query.surface().wireName(), query.queryText(),
                at == null ? Double.NaN : at.lat(), at == null ? Double.NaN : at.lon(), query.nowMillis(),
                query.device());
        List<String> names = names();
        double[] matrix = vectorizer.rows(new RankingInputs(query.user(), products, titles, prices, context));
        if (matrix.length != names.size() * candidates.size()) {
            throw new IllegalStateException("vectorizer returned " + matrix.length + " values for "
                    + candidates.size() + " rows of " + names.size());
        }
        List<Candidate> out = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            out.add(candidates.get(i).hydrated(products.get(i), new ServedRow(names, matrix, i)));
        }
        return new Hydrated(out, prices, names, matrix);
    }

    /** The vectorizer's names, copied once: every row of every request shares the list. */
    private List<String> names() {
        List<String> n = names;
        if (n == null) {
            n = List.copyOf(vectorizer.names());
            names = n;
        }
        return n;
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }
}
