package io.mercator.ranking.filter;

import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.pipeline.ComponentSpec;

import java.util.List;

/**
 * Listings a moderator decided to remove ({@code moderation.decided} "remove"), and listings text
 * analysis holds until a moderator decides ({@code text.analyzed} with hold: prohibited goods or a
 * contact, found with high confidence); a later "approve" (an appeal upheld) brings them back.
 */
public final class RemovedByModerationFilter implements Filter {

    public static final ComponentSpec SPEC = ComponentSpec.pureCode("removed-by-moderation");

    @Override
    public FilterResult apply(RankingQuery query, List<Candidate> candidates) {
        return FilterResult.keepIf(candidates, c -> !c.listing().withheldByModeration());
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }
}
