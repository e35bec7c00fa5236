package io.mercator.popularity;

import io.mercator.events.Thailand;
import io.mercator.hydration.store.OnlineStore;
import io.vertx.core.Future;

import java.util.List;

/** Reads the lists the {@link PopularityProjection} writes: one store round trip per list. */
public final class PopularityReader {

    private final OnlineStore store;

    public PopularityReader(OnlineStore store) {
        this.store = store;
    }

    /** Trending listing ids across Thailand, best first. */
    public Future<List<String>> trending(int limit) {
        return store.readList(PopularityProjection.GLOBAL_KEY, limit);
    }

    /** Popular listing ids of one region, best first. */
    public Future<List<String>> popularIn(Thailand.Region region, int limit) {
        return store.readList(PopularityProjection.regionKey(region), limit);
    }
}
