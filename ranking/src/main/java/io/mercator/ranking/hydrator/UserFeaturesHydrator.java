package io.mercator.ranking.hydrator;

import io.mercator.hydration.features.FeatureReader;
import io.mercator.hydration.features.UserFeatures;
import io.mercator.ranking.RankingQuery;
import io.mercator.ranking.pipeline.ComponentSpec;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;

/**
 * The buyer's features from the online store. Down: the buyer is served as unknown (no home, no
 * distance setting, cold-start rows), which is how an anonymous visitor is served anyway.
 */
public final class UserFeaturesHydrator implements QueryHydrator {

    public static final ComponentSpec SPEC = ComponentSpec.fallbackTo("user-features", Duration.ofMillis(20),
            "unknown-user");

    private final FeatureReader reader;

    public UserFeaturesHydrator(FeatureReader reader) {
        this.reader = reader;
    }

    /** The features of a buyer the store does not know. */
    public static UserFeatures unknown(String userId) {
        return new UserFeatures(userId, false, null, null, Double.NaN, Double.NaN, 0, 0, 0, List.of(), 0, null, null);
    }

    /** The query with an unknown buyer: the fallback. */
    @Override
    public RankingQuery withoutIt(RankingQuery query) {
        return query.withUser(unknown(query.userId()));
    }

    @Override
    public Future<RankingQuery> hydrate(RankingQuery query) {
        if (query.userId() == null) {
            return Future.succeededFuture(withoutIt(query));
        }
        return reader.user(query.userId(), query.nowMillis()).map(query::withUser);
    }

    @Override
    public ComponentSpec spec() {
        return SPEC;
    }
}
