package io.mercator.ranking.scorer;

import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.RankingResult.Explanation;
import io.mercator.ranking.candidate.Candidate;
import io.mercator.ranking.pipeline.Component;
import io.mercator.ranking.pipeline.ComponentSpec;
import io.vertx.core.Future;

import java.util.List;
import java.util.function.Predicate;

/** Says why the served items rank where they do, for the items at the top. */
public interface Explainer extends Component {

    /**
     * @param served       the items served, in order
     * @param modelVersion what scored them
     */
    Future<List<Explanation>> explain(RankingQuery query, List<Candidate> served, String modelVersion);

    /**
     * Whether this request is explained; when not, the explainer is neither called nor counted
     * (most requests do not ask, and a call through the guard costs a budget timer).
     */
    default boolean appliesTo(RankingQuery query) {
        return true;
    }

    /** This explainer for the requests the predicate accepts (those that ask); the others get none. */
    default Explainer onlyIf(Predicate<RankingQuery> predicate) {
        Explainer inner = this;
        return new Explainer() {
            @Override
            public Future<List<Explanation>> explain(RankingQuery query, List<Candidate> served, String modelVersion) {
                return inner.explain(query, served, modelVersion);
            }

            @Override
            public boolean appliesTo(RankingQuery query) {
                return predicate.test(query) && inner.appliesTo(query);
            }

            @Override
            public ComponentSpec spec() {
                return inner.spec();
            }
        };
    }
}
