package io.mercator.ranking.candidate;

import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.pipeline.Component;
import io.vertx.core.Future;

import java.util.List;
import java.util.function.Predicate;

/**
 * Recall: proposes listings for a query, best first, each scored by this source alone. Returned
 * candidates carry only the id and the source's score; the merge looks the listings up once.
 */
public interface CandidateSource extends Component {

    Future<List<Candidate>> fetch(RankingQuery query);

    /** This source for the queries the predicate accepts; the others get nothing from it. */
    default CandidateSource onlyIf(Predicate<RankingQuery> predicate) {
        return new GatedCandidateSource(this, predicate);
    }
}
