package io.mercator.ranking.hydrator;

import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.pipeline.Component;
import io.vertx.core.Future;

import java.util.List;

/**
 * Fetches the candidates' features in one batch and lays them out as model rows. Never one read
 * per candidate: a thousand candidates cost the same round trips as one.
 */
public interface FeatureHydrator extends Component {

    Future<Hydrated> hydrate(RankingQuery query, List<Candidate> candidates);
}
