package io.mercator.ranking.selector;

import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.pipeline.Component;

import java.util.List;

/**
 * Orders, drops, marks or places scored candidates (re-rank and mix). Pure code over the
 * candidates ({@link io.mercator.ranking.pipeline.ComponentSpec#pureCode}), so synchronous and
 * failing closed: a broken selector is a bug to see, not a dependency to route around.
 */
public interface Selector extends Component {

    List<Candidate> select(RankingQuery query, List<Candidate> candidates);
}
