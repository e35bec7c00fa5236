package io.mercator.ranking.scorer;

import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.hydrator.Hydrated;
import io.mercator.ranking.pipeline.Component;
import io.vertx.core.Future;

/** Gives every candidate its final score, in one batch for the whole request. */
public interface Scorer extends Component {

    Future<Scored> score(RankingQuery query, Hydrated hydrated);
}
