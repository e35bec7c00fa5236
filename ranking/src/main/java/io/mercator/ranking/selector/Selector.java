package io.mercator.ranking.selector;

import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.pipeline.Component;
import io.mercator.ranking.pipeline.FailurePolicy;

import java.time.Duration;
import java.util.List;

/**
 * Orders, drops or places scored candidates (re-rank and mix). Pure code over the candidates, so
 * synchronous and failing closed: a broken selector is a bug to see, not a dependency to route
 * around.
 */
public interface Selector extends Component {

    List<Candidate> select(RankingQuery query, List<Candidate> candidates);

    @Override
    default Duration budget() {
        return Duration.ofMillis(2);
    }

    @Override
    default FailurePolicy failurePolicy() {
        return FailurePolicy.failClosed();
    }
}
