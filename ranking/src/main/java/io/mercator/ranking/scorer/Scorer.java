package io.mercator.ranking.scorer;

import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.hydrator.Hydrated;
import io.mercator.ranking.pipeline.Component;
import io.mercator.ranking.pipeline.ComponentSpec;
import io.vertx.core.Future;

import java.util.function.BiPredicate;

/** Gives every candidate its final score, in one batch for the whole request. */
public interface Scorer extends Component {

    Future<Scored> score(RankingQuery query, Hydrated hydrated);

    /**
     * Whether this scorer has what it needs for this request; when it has not, the pipeline's next
     * scorer scores instead, and this one is neither called nor counted as failed.
     */
    default boolean appliesTo(RankingQuery query, Hydrated hydrated) {
        return true;
    }

    /** This scorer for the requests the predicate accepts; the others go to the next scorer. */
    default Scorer onlyIf(BiPredicate<RankingQuery, Hydrated> predicate) {
        Scorer inner = this;
        return new Scorer() {
            @Override
            public Future<Scored> score(RankingQuery query, Hydrated hydrated) {
                return inner.score(query, hydrated);
            }

            @Override
            public boolean appliesTo(RankingQuery query, Hydrated hydrated) {
                return predicate.test(query, hydrated) && inner.appliesTo(query, hydrated);
            }

            @Override
            public ComponentSpec spec() {
                return inner.spec();
            }
        };
    }
}
