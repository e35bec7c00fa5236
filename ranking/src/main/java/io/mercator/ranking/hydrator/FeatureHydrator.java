package io.mercator.ranking.hydrator;

import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.pipeline.Component;
import io.vertx.core.Future;

/**
 * Adds to the candidates: features from the online store, a fraud risk... Hydrators run in the
 * order declared, each given what the one before returned (the first gets the candidates without
 * features). One batch per dependency call, never one read per candidate. A hydrator that fails
 * and may fall back is skipped: the next one gets its input unchanged.
 */
public interface FeatureHydrator extends Component {

    Future<Hydrated> hydrate(RankingQuery query, Hydrated in);
}
