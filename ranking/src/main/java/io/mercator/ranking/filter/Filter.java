package io.mercator.ranking.filter;

import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.pipeline.Component;

import java.util.List;

/**
 * Removes candidates that must not be shown. Filters read in-memory state only (the catalog, the
 * query), so they are synchronous and cannot be "down": their spec is
 * {@link io.mercator.ranking.pipeline.ComponentSpec#pureCode}, and a failure is a bug that fails the
 * request (serving a banned seller because a filter broke is worse than an error page).
 */
public interface Filter extends Component {

    FilterResult apply(RankingQuery query, List<Candidate> candidates);
}
