package io.mercator.ranking.sideeffect;

import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.RankingResult;
import io.mercator.ranking.candidate.Candidate;

import java.util.List;

/**
 * A response as it went out, for side effects.
 *
 * @param query    the request (with the buyer's features when they were read)
 * @param result   what was returned
 * @param items    the served candidates, in result order (their feature rows included)
 * @param selected every candidate the selectors kept, in order, served or not (the served ones first)
 */
public record Served(RankingQuery query, RankingResult result, List<Candidate> items, List<Candidate> selected) {
}
