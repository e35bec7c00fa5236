package io.mercator.ranking.hydrator;

import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.pipeline.Component;
import io.vertx.core.Future;

/**
 * Adds features of the request itself (the buyer's), before recall: the feed's region, the
 * distance filter and the feature rows all depend on them.
 */
public interface QueryHydrator extends Component {

    Future<RankingQuery> hydrate(RankingQuery query);

    /** The query this hydrator's fallback serves when it fails; unchanged unless it says otherwise. */
    default RankingQuery withoutIt(RankingQuery query) {
        return query;
    }
}
