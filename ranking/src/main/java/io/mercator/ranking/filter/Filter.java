package io.mercator.ranking.filter;

import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.pipeline.Component;
import io.mercator.ranking.pipeline.FailurePolicy;

import java.time.Duration;
import java.util.List;

/**
 * Removes candidates that must not be shown. Filters read in-memory state only (the catalog, the
 * query), so they are synchronous and cannot be "down": a failure is a bug and fails the request.
 */
public interface Filter extends Component {

    FilterResult apply(RankingQuery query, List<Candidate> candidates);

    @Override
    default Duration budget() {
        return Duration.ofMillis(2);
    }

    @Override
    default FailurePolicy failurePolicy() {
        // serving a banned seller because a filter broke is worse than an error page
        return FailurePolicy.failClosed();
    }
}
