package io.mercator.learning;

import io.mercator.hydration.features.ProductFeatures;
import io.mercator.hydration.features.UserFeatures;

import java.util.List;
import java.util.Map;

/**
 * Everything one request's feature rows are built from. Serving and training build rows from the
 * same inputs with the same {@link FeatureVectorizer}, so there is no training/serving skew.
 *
 * @param user                  the user's features (an unknown user has defaults)
 * @param products              one entry per candidate, in candidate order
 * @param titles                the candidates' titles, same order (for query-match features)
 * @param categoryAveragePrices avg_category_price_history by category slug
 * @param context               request context
 */
public record RankingInputs(UserFeatures user, List<ProductFeatures> products, List<String> titles,
                            Map<String, Double> categoryAveragePrices, RequestContext context) {
}
