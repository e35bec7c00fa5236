package io.mercator.ranking;

import io.mercator.events.Geo;
import io.mercator.hydration.features.ProductFeatures;
import io.mercator.learning.FeatureVectorizer;
import io.mercator.learning.RankingInputs;

import java.util.List;

/**
 * A small vectorizer standing in for the learning module's: five features straight from the
 * inputs, enough for the model double to rank by and for impressions to carry.
 */
final class FeatureVectorizerDouble implements FeatureVectorizer {

    static final List<String> NAMES = List.of("price", "seller_trust_score", "ctr_last_hour", "distance_km",
            "user_known");

    @Override
    public List<String> names() {
        return NAMES;
    }

    @Override
    public double[] rows(RankingInputs in) {
        int w = NAMES.size();
        double[] out = new double[in.products().size() * w];
        for (int i = 0; i < in.products().size(); i++) {
            ProductFeatures p = in.products().get(i);
            out[i * w] = p.price();
            out[i * w + 1] = p.sellerTrustScore();
            out[i * w + 2] = p.ctrLastHour();
            out[i * w + 3] = Double.isNaN(in.context().lat()) ? -1
                    : Geo.haversineKm(in.context().lat(), in.context().lon(), p.lat(), p.lon());
            out[i * w + 4] = in.user().known() ? 1 : 0;
        }
        return out;
    }
}
